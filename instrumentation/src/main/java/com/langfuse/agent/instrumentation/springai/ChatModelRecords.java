package com.langfuse.agent.instrumentation.springai;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * Reads Spring AI's provider-neutral types ({@code Prompt}, {@code ChatOptions}, {@code
 * ChatResponse}) into span attributes. Only types and methods present in both 1.1 and 2.0 are used.
 */
final class ChatModelRecords {

  /** Charged against the export queue until a deferred attribute is serialized. */
  static final long ESTIMATED_BYTES = 1024;

  private ChatModelRecords() {}

  /** Returns the options of {@code prompt}, or the model's defaults when the prompt has none. */
  static ChatOptions options(Prompt prompt, ChatOptions defaults) {
    ChatOptions options = prompt.getOptions();
    if (options == null || options.getModel() == null) {
      return defaults != null ? defaults : options;
    }
    return options;
  }

  /** Sets the model parameters and the input messages and tools of {@code prompt}. */
  static void recordRequest(SpanData span, Prompt prompt, ChatOptions options, boolean streaming) {
    String parameters = parameters(options, streaming);
    if (parameters != null) {
      span.setAttribute(LangfuseAttributes.OBSERVATION_MODEL_PARAMETERS, parameters);
    }
    List<Message> messages = List.copyOf(prompt.getInstructions());
    List<ToolDefinition> tools = toolDefinitions(options);
    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_INPUT, () -> input(messages, tools), ESTIMATED_BYTES);
  }

  /** Returns the scalar options as a JSON object, or null when none is set. */
  static String parameters(ChatOptions options, boolean streaming) {
    JsonText json = new JsonText().beginObject();
    if (options != null) {
      json.field("temperature", options.getTemperature())
          .field("max_tokens", options.getMaxTokens())
          .field("top_p", options.getTopP())
          .field("top_k", options.getTopK())
          .field("frequency_penalty", options.getFrequencyPenalty())
          .field("presence_penalty", options.getPresencePenalty());
      List<String> stop = options.getStopSequences();
      if (stop != null && !stop.isEmpty()) {
        json.field("stop", String.join(",", stop));
      }
    }
    if (streaming) {
      json.field("stream", Boolean.TRUE);
    }
    json.endObject();
    return json.isEmptyObject() ? null : json.toString();
  }

  /** Records the response identity, finish reasons, usage and output of a complete call. */
  static void recordResponse(SpanData span, ChatResponse response, boolean generation) {
    if (response == null) {
      return;
    }
    ChatResponseMetadata metadata = response.getMetadata();
    if (generation && metadata != null) {
      setIfPresent(span, LangfuseAttributes.GEN_AI_RESPONSE_ID, metadata.getId());
      setIfPresent(span, LangfuseAttributes.GEN_AI_RESPONSE_MODEL, metadata.getModel());
      recordUsage(span, metadata.getUsage());
    }
    List<Generation> results = response.getResults();
    if (results == null || results.isEmpty()) {
      return;
    }
    if (generation) {
      List<String> reasons = new ArrayList<>();
      for (Generation result : results) {
        if (result.getMetadata() != null && result.getMetadata().getFinishReason() != null) {
          reasons.add(result.getMetadata().getFinishReason());
        }
      }
      if (!reasons.isEmpty()) {
        span.setAttribute(LangfuseAttributes.GEN_AI_RESPONSE_FINISH_REASONS, reasons);
      }
    }
    List<AssistantMessage> outputs = new ArrayList<>(results.size());
    for (Generation result : results) {
      if (result.getOutput() != null) {
        outputs.add(result.getOutput());
      }
    }
    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_OUTPUT, () -> output(outputs), ESTIMATED_BYTES);
  }

  /**
   * Sets the token counts when the response carries any. A usage with no count above zero is
   * Spring AI's placeholder for "not reported" and is left out.
   */
  static void recordUsage(SpanData span, Usage usage) {
    if (usage == null) {
      return;
    }
    Integer input = usage.getPromptTokens();
    Integer output = usage.getCompletionTokens();
    Integer total = usage.getTotalTokens();
    if (!positive(input) && !positive(output) && !positive(total)) {
      return;
    }
    JsonText json = new JsonText().beginObject();
    json.field("input", input).field("output", output).field("total", total).endObject();
    span.setAttribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS, json.toString());
    if (input != null) {
      span.setAttribute(LangfuseAttributes.GEN_AI_USAGE_INPUT_TOKENS, input.longValue());
    }
    if (output != null) {
      span.setAttribute(LangfuseAttributes.GEN_AI_USAGE_OUTPUT_TOKENS, output.longValue());
    }
  }

  /** Returns the messages, or {@code {"messages": [...], "tools": [...]}} when tools are set. */
  static String input(List<Message> messages, List<ToolDefinition> tools) {
    JsonText json = new JsonText();
    if (!tools.isEmpty()) {
      json.beginObject().name("messages");
    }
    json.beginArray();
    for (Message message : messages) {
      writeMessage(json, message);
    }
    json.endArray();
    if (!tools.isEmpty()) {
      json.name("tools").beginArray();
      for (ToolDefinition tool : tools) {
        json.beginObject()
            .field("name", tool.name())
            .field("description", tool.description())
            .field("input_schema", tool.inputSchema())
            .endObject();
      }
      json.endArray().endObject();
    }
    return json.toString();
  }

  /** Returns the assistant message, or an array of them when the response has several. */
  static String output(List<AssistantMessage> outputs) {
    JsonText json = new JsonText();
    if (outputs.size() == 1) {
      writeMessage(json, outputs.get(0));
      return json.toString();
    }
    json.beginArray();
    for (AssistantMessage message : outputs) {
      writeMessage(json, message);
    }
    return json.endArray().toString();
  }

  /** Returns the assistant message put together from a stream's text and tool calls. */
  static String assistantOutput(String text, List<AssistantMessage.ToolCall> toolCalls) {
    JsonText json = new JsonText().beginObject();
    json.field("role", "assistant").field("content", text);
    writeToolCalls(json, toolCalls);
    return json.endObject().toString();
  }

  private static void writeToolCalls(JsonText json, List<AssistantMessage.ToolCall> calls) {
    if (calls == null || calls.isEmpty()) {
      return;
    }
    json.name("tool_calls").beginArray();
    for (AssistantMessage.ToolCall call : calls) {
      json.beginObject()
          .field("id", call.id())
          .field("name", call.name())
          .field("arguments", call.arguments())
          .endObject();
    }
    json.endArray();
  }

  private static void writeMessage(JsonText json, Message message) {
    json.beginObject();
    json.field("role", message.getMessageType() == null ? null : message.getMessageType().getValue());
    json.field("content", message.getText());
    if (message instanceof AssistantMessage) {
      writeToolCalls(json, ((AssistantMessage) message).getToolCalls());
    } else if (message instanceof ToolResponseMessage) {
      json.name("tool_responses").beginArray();
      for (ToolResponseMessage.ToolResponse response :
          ((ToolResponseMessage) message).getResponses()) {
        json.beginObject()
            .field("id", response.id())
            .field("name", response.name())
            .field("content", response.responseData())
            .endObject();
      }
      json.endArray();
    }
    json.endObject();
  }

  private static List<ToolDefinition> toolDefinitions(ChatOptions options) {
    if (!(options instanceof ToolCallingChatOptions)) {
      return List.of();
    }
    List<ToolCallback> callbacks = ((ToolCallingChatOptions) options).getToolCallbacks();
    if (callbacks == null || callbacks.isEmpty()) {
      return List.of();
    }
    List<ToolDefinition> definitions = new ArrayList<>(callbacks.size());
    for (ToolCallback callback : callbacks) {
      definitions.add(callback.getToolDefinition());
    }
    return definitions;
  }

  private static boolean positive(Integer count) {
    return count != null && count > 0;
  }

  private static void setIfPresent(SpanData span, String key, String value) {
    if (value != null && !value.isEmpty()) {
      span.setAttribute(key, value);
    }
  }
}
