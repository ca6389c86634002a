package com.langfuse.agent.instrumentation.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;

/** Starts the span of a Messages API call and records its request. */
final class MessageRequests {

  private MessageRequests() {}

  /**
   * Starts the span of a call to {@code model} (null when unknown) with the SDK request {@code
   * body}, whose JSON is built on the exporter thread; {@code inputBytes} estimates the input JSON.
   */
  static SpanData start(String model, Object body, long inputBytes, boolean streaming) {
    SpanData span =
        GenAiSpans.start(
            AnthropicProvider.INSTANCE,
            GenAiSpans.OPERATION_CHAT,
            LangfuseAttributes.TYPE_GENERATION,
            model);

    RequestJson json = new RequestJson(body);
    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_MODEL_PARAMETERS,
        () -> ModelParameters.fromRequest(json.tree(), streaming),
        ModelParameters.ESTIMATED_BYTES);
    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_INPUT, () -> input(json.tree()), inputBytes);
    return span;
  }

  /**
   * Returns the messages as sent, with the system prompt first as a message of role {@code
   * system}, or {@code {"messages": [...], "tools": [...]}} when the request also defines tools.
   */
  static String input(JsonNode body) {
    ArrayNode messages = Json.array();
    JsonNode system = Json.present(body, "system");
    if (system != null) {
      ObjectNode systemMessage = messages.addObject();
      systemMessage.put("role", "system");
      systemMessage.set("content", system);
    }
    JsonNode sent = Json.present(body, "messages");
    if (sent != null && sent.isArray()) {
      messages.addAll((ArrayNode) sent);
    }

    JsonNode tools = Json.present(body, "tools");
    if (tools == null) {
      return Json.write(messages);
    }
    ObjectNode input = Json.object();
    input.set("messages", messages);
    input.set("tools", tools);
    return Json.write(input);
  }
}
