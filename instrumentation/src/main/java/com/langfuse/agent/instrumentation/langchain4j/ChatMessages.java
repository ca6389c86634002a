package com.langfuse.agent.instrumentation.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;

/**
 * Renders LangChain4j messages and tool specifications as the JSON that Langfuse shows as a
 * generation's input and output: chat messages with {@code role} and {@code content}, in the shape
 * of the OpenAI chat API that Langfuse renders as a conversation.
 */
final class ChatMessages {

  private ChatMessages() {}

  /**
   * Returns the messages as a JSON array, or {@code {"messages": [...], "tools": [...]}} when tools
   * are offered to the model.
   */
  static String input(List<ChatMessage> messages, List<ToolSpecification> tools) {
    JsonText json = new JsonText();
    boolean withTools = tools != null && !tools.isEmpty();
    if (withTools) {
      json.beginObject().name("messages");
    }
    json.beginArray();
    for (ChatMessage message : messages) {
      writeMessage(json, message);
    }
    json.endArray();
    if (withTools) {
      json.name("tools").beginArray();
      for (ToolSpecification tool : tools) {
        writeTool(json, tool);
      }
      json.endArray().endObject();
    }
    return json.toString();
  }

  /** Returns the AI message as one assistant message: its text and any tool calls. */
  static String output(AiMessage message) {
    JsonText json = new JsonText();
    writeAiMessage(json, message);
    return json.toString();
  }

  /** Returns the text of the last user message, or null when there is none. */
  static String lastUserText(List<ChatMessage> messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i) instanceof UserMessage) {
        return userText((UserMessage) messages.get(i));
      }
    }
    return null;
  }

  private static void writeMessage(JsonText json, ChatMessage message) {
    if (message instanceof SystemMessage) {
      json.beginObject().name("role").string("system");
      json.name("content").string(((SystemMessage) message).text()).endObject();
    } else if (message instanceof UserMessage) {
      json.beginObject().name("role").string("user");
      json.name("content").string(userText((UserMessage) message)).endObject();
    } else if (message instanceof AiMessage) {
      writeAiMessage(json, (AiMessage) message);
    } else if (message instanceof ToolExecutionResultMessage) {
      ToolExecutionResultMessage result = (ToolExecutionResultMessage) message;
      json.beginObject().name("role").string("tool");
      json.optionalString("tool_call_id", result.id());
      json.optionalString("name", result.toolName());
      json.name("content").string(result.text()).endObject();
    } else if (message != null) {
      json.beginObject().name("role").string(String.valueOf(message.type()).toLowerCase());
      json.name("content").string(String.valueOf(message)).endObject();
    }
  }

  private static void writeAiMessage(JsonText json, AiMessage message) {
    json.beginObject().name("role").string("assistant");
    json.name("content").string(message.text());
    List<ToolExecutionRequest> calls = message.toolExecutionRequests();
    if (calls != null && !calls.isEmpty()) {
      json.name("tool_calls").beginArray();
      for (ToolExecutionRequest call : calls) {
        json.beginObject().optionalString("id", call.id()).name("type").string("function");
        json.name("function").beginObject().name("name").string(call.name());
        json.name("arguments").string(call.arguments()).endObject().endObject();
      }
      json.endArray();
    }
    json.endObject();
  }

  private static void writeTool(JsonText json, ToolSpecification tool) {
    json.beginObject().name("type").string("function").name("function").beginObject();
    json.name("name").string(tool.name()).optionalString("description", tool.description());
    // NOTE: the parameter schema is left out, because JsonObjectSchema has no JSON rendering in
    // every supported LangChain4j version.
    json.endObject().endObject();
  }

  /**
   * Returns the user message's text parts joined by new lines. Other parts, such as images, audio
   * and files, appear as their content type in brackets, so no inline media is copied.
   */
  private static String userText(UserMessage message) {
    StringBuilder text = new StringBuilder();
    for (Content content : message.contents()) {
      if (text.length() > 0) {
        text.append('\n');
      }
      if (content instanceof TextContent) {
        text.append(((TextContent) content).text());
      } else {
        text.append('[').append(content.type()).append(']');
      }
    }
    return text.toString();
  }
}
