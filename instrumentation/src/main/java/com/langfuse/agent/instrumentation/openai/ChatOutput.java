package com.langfuse.agent.instrumentation.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionMessage;
import java.util.List;

/**
 * The output JSON of a chat completion: the assistant message of each choice with its role,
 * content, refusal, tool calls and finish reason. One choice gives one message object; several (a
 * request with {@code n > 1}) give a list. Runs on the exporter thread.
 */
final class ChatOutput {

  private ChatOutput() {}

  /**
   * Returns the output of {@code choices}. The fields it reads are serialized once through the
   * SDK's mapper and copied from that text as written, which gives the same text as picking them
   * from the choice's tree.
   */
  static String fromChoices(List<ChatCompletion.Choice> choices) {
    StringBuilder output = new StringBuilder(256);
    boolean list = choices.size() != 1;
    if (list) {
      output.append('[');
    }
    for (int i = 0; i < choices.size(); i++) {
      if (i > 0) {
        output.append(',');
      }
      appendMessage(output, RawJson.parse(choiceText(choices.get(i))).members());
    }
    if (list) {
      output.append(']');
    }
    return output.toString();
  }

  /** Returns one message as an object and several as a list. */
  static String write(ArrayNode messages) {
    return Json.write(messages.size() == 1 ? messages.get(0) : messages);
  }

  /**
   * Returns the JSON of the choice's message and finish reason, with only the fields the output
   * reads. A choice or message with additional properties, or a message the SDK could not parse
   * into its type, is serialized whole, because such a property may replace a field of the same
   * name.
   */
  static String choiceText(ChatCompletion.Choice choice) {
    ChatCompletionMessage message = choice._message().asKnown().orElse(null);
    if (message == null
        || !choice._additionalProperties().isEmpty()
        || !message._additionalProperties().isEmpty()) {
      return Json.serialize(choice);
    }
    return new FieldsJson()
        .startObject("message")
        .field("role", message._role())
        .field("content", message._content())
        .field("refusal", message._refusal())
        .field("tool_calls", message._toolCalls())
        .field("function_call", message._functionCall())
        .field("audio", message._audio())
        .endObject()
        .field("finish_reason", choice._finishReason())
        .finish();
  }

  private static void appendMessage(StringBuilder output, RawJson.Members choice) {
    RawJson sent = choice.present("message");
    RawJson.Members message = sent == null ? RawJson.NO_MEMBERS : sent.members();
    RawJson role = message.string("role");
    output.append("{\"role\":");
    if (role != null) {
      role.appendTo(output);
    } else {
      output.append("\"assistant\"");
    }
    RawJson content = message.get("content");
    output.append(",\"content\":");
    if (content != null) {
      content.appendTo(output);
    } else {
      output.append("null");
    }
    appendIfPresent(message, "refusal", output);
    appendIfPresent(message, "tool_calls", output);
    appendIfPresent(message, "function_call", output);
    RawJson audio = message.present("audio");
    if (audio != null) {
      appendIfPresent(audio.members(), "transcript", output);
    }
    appendIfPresent(choice, "finish_reason", output);
    output.append('}');
  }

  private static void appendIfPresent(RawJson.Members from, String field, StringBuilder to) {
    RawJson value = from.present(field);
    if (value != null) {
      value.appendTo(to.append(",\"").append(field).append("\":"));
    }
  }
}
