package com.langfuse.agent.instrumentation.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.ObjectMappers;

/**
 * JSON through the SDK's own mapper, so SDK models serialize exactly as they go over the wire.
 * Meant for the exporter thread, inside deferred attribute suppliers.
 */
final class Json {

  private Json() {}

  static JsonMapper mapper() {
    return ObjectMappers.jsonMapper();
  }

  static JsonNode tree(Object value) {
    return mapper().valueToTree(value);
  }

  static ObjectNode object() {
    return mapper().createObjectNode();
  }

  static ArrayNode array() {
    return mapper().createArrayNode();
  }

  static String write(JsonNode node) {
    return serialize(node);
  }

  /**
   * Returns {@code value} serialized as compact JSON text, the same text the SDK writes to the wire
   * and the same text {@link #write} gives for {@code value}'s tree.
   */
  static String serialize(Object value) {
    try {
      return mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "writing a JSON attribute failed: " + e.getOriginalMessage(), e);
    }
  }

  /** Returns the non-null value node at {@code field}, or null when it is absent or not a value. */
  static JsonNode value(JsonNode parent, String field) {
    JsonNode node = parent == null ? null : parent.get(field);
    return node != null && node.isValueNode() && !node.isNull() ? node : null;
  }

  /** Returns the text at {@code field}, or null when it is absent or not text. */
  static String text(JsonNode parent, String field) {
    JsonNode node = parent == null ? null : parent.get(field);
    return node != null && node.isTextual() ? node.asText() : null;
  }

  /** Returns the node at {@code field} unless it is absent or JSON null. */
  static JsonNode present(JsonNode parent, String field) {
    JsonNode node = parent == null ? null : parent.get(field);
    return node == null || node.isNull() || node.isMissingNode() ? null : node;
  }
}
