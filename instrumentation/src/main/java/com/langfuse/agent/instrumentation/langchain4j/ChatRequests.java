package com.langfuse.agent.instrumentation.langchain4j;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import java.util.ArrayList;
import java.util.List;

/** Reads a LangChain4j {@link ChatRequest} into the attributes of a generation span. */
final class ChatRequests {

  /** Bytes charged to the export queue for a model parameters value until it is rendered. */
  private static final long PARAMETERS_ESTIMATED_BYTES = 256;

  private ChatRequests() {}

  /**
   * Returns the request's parameters merged over the model's defaults, as the model's own {@code
   * chat} method does before it calls the provider.
   */
  static ChatRequestParameters effectiveParameters(Object model, ChatRequest request) {
    ChatRequestParameters defaults = ModelDefaults.of(model);
    ChatRequestParameters own = request.parameters();
    if (defaults == null) {
      return own;
    }
    return own == null ? defaults : defaults.overrideWith(own);
  }

  /** Sets the model parameters and the input (messages and tools) of a chat request. */
  static void record(SpanData span, ChatRequest request, ChatRequestParameters parameters) {
    List<ChatMessage> messages = new ArrayList<>(request.messages());
    List<ToolSpecification> tools =
        parameters == null || parameters.toolSpecifications() == null
            ? List.of()
            : new ArrayList<>(parameters.toolSpecifications());
    if (parameters != null) {
      String modelParameters = modelParameters(parameters);
      if (modelParameters != null) {
        span.setDeferredAttribute(
            LangfuseAttributes.OBSERVATION_MODEL_PARAMETERS,
            () -> modelParameters,
            PARAMETERS_ESTIMATED_BYTES);
      }
    }
    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_INPUT,
        () -> ChatMessages.input(messages, tools),
        estimatedInputBytes(messages));
  }

  /** Returns the parameters that were set, as a JSON object of scalars, or null for none. */
  static String modelParameters(ChatRequestParameters parameters) {
    JsonText json = new JsonText().beginObject();
    json.optionalScalar("temperature", parameters.temperature());
    json.optionalScalar("top_p", parameters.topP());
    json.optionalScalar("top_k", parameters.topK());
    json.optionalScalar("max_tokens", parameters.maxOutputTokens());
    json.optionalScalar("frequency_penalty", parameters.frequencyPenalty());
    json.optionalScalar("presence_penalty", parameters.presencePenalty());
    List<String> stop = parameters.stopSequences();
    if (stop != null && !stop.isEmpty()) {
      JsonText values = new JsonText().beginArray();
      stop.forEach(values::string);
      json.name("stop").string(values.endArray().toString());
    }
    if (parameters.toolChoice() != null) {
      json.name("tool_choice").string(parameters.toolChoice().name().toLowerCase());
    }
    if (parameters.responseFormat() != null && parameters.responseFormat().type() != null) {
      json.name("response_format").string(parameters.responseFormat().type().name().toLowerCase());
    }
    if (json.isEmptyObject()) {
      return null;
    }
    return json.endObject().toString();
  }

  /** Estimates the rendered input's size from the text of the messages plus some framing. */
  private static long estimatedInputBytes(List<ChatMessage> messages) {
    long bytes = 64;
    for (ChatMessage message : messages) {
      bytes += 64 + String.valueOf(message).length();
    }
    return bytes;
  }
}
