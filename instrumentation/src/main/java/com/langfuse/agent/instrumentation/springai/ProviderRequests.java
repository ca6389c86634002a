package com.langfuse.agent.instrumentation.springai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;
import java.util.Iterator;
import java.util.Map;

/** Starts the span of one provider request and records its model, parameters and input. */
final class ProviderRequests {

  private ProviderRequests() {}

  /** Starts a chat generation for the request {@code body}, under {@code parent} when given. */
  static SpanData startChat(ProviderFormat format, JsonNode body, SpanData parent) {
    SpanData span =
        SpringAiSpans.start(
            format.provider(),
            GenAiSpans.OPERATION_CHAT,
            LangfuseAttributes.TYPE_GENERATION,
            text(body, "model"),
            parent);
    String parameters = parameters(body);
    if (parameters != null) {
      span.setAttribute(LangfuseAttributes.OBSERVATION_MODEL_PARAMETERS, parameters);
    }
    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_INPUT,
        () -> chatInput(format, body),
        ChatModelRecords.ESTIMATED_BYTES);
    return span;
  }

  /** Starts an embedding span for the request {@code body}. */
  static SpanData startEmbeddings(ProviderFormat format, JsonNode body) {
    SpanData span =
        SpringAiSpans.start(
            format.provider(),
            GenAiSpans.OPERATION_EMBEDDINGS,
            LangfuseAttributes.TYPE_EMBEDDING,
            text(body, "model"),
            null);
    JsonNode input = body.get("input");
    if (input != null && !input.isNull()) {
      span.setDeferredAttribute(
          LangfuseAttributes.OBSERVATION_INPUT, input::toString, ChatModelRecords.ESTIMATED_BYTES);
    }
    return span;
  }

  /**
   * Returns the scalar request fields other than the model as a JSON object, or null when there
   * are none. {@code stream} is kept only when true, and OpenAI's {@code
   * stream_options.include_usage} becomes {@code stream_include_usage}.
   */
  static String parameters(JsonNode body) {
    ObjectNode parameters = JsonNodeFactory.instance.objectNode();
    Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode value = field.getValue();
      if (!value.isValueNode() || value.isNull() || "model".equals(field.getKey())) {
        continue;
      }
      if ("stream".equals(field.getKey()) && !value.asBoolean(false)) {
        continue;
      }
      parameters.set(field.getKey(), value);
    }
    JsonNode includeUsage = body.path("stream_options").path("include_usage");
    if (includeUsage.isBoolean()) {
      parameters.set("stream_include_usage", includeUsage);
    }
    return parameters.isEmpty() ? null : parameters.toString();
  }

  /**
   * Returns the messages as sent, with the system prompt (Anthropic) and the tools when the
   * request has them: {@code {"system": ..., "messages": [...], "tools": [...]}}.
   */
  static String chatInput(ProviderFormat format, JsonNode body) {
    JsonNode messages = present(body, "messages");
    JsonNode tools = present(body, "tools");
    JsonNode system = format == ProviderFormat.ANTHROPIC ? present(body, "system") : null;
    if (tools == null && system == null) {
      return messages == null ? null : messages.toString();
    }
    ObjectNode input = JsonNodeFactory.instance.objectNode();
    if (system != null) {
      input.set("system", system);
    }
    input.set("messages", messages == null ? JsonNodeFactory.instance.arrayNode() : messages);
    if (tools != null) {
      input.set("tools", tools);
    }
    return input.toString();
  }

  static String text(JsonNode node, String field) {
    JsonNode value = present(node, field);
    return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
  }

  static JsonNode present(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() || value.isMissingNode() ? null : value;
  }
}
