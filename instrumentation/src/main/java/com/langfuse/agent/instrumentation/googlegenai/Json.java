package com.langfuse.agent.instrumentation.googlegenai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.genai.JsonSerializable;

/**
 * JSON trees of SDK objects, read from {@link JsonSerializable#toJson()}, the one serializer every
 * google-genai release makes public, so the JSON has the field names of the SDK types. Meant for
 * the exporter thread, inside deferred attribute suppliers.
 */
final class Json {

  /** The Jackson the SDK depends on, loaded from the application's class path. */
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static JsonNode tree(JsonSerializable value) {
    try {
      return MAPPER.readTree(value.toJson());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "reading the JSON of " + value.getClass().getName() + " failed", e);
    }
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "writing a JSON attribute failed: " + e.getOriginalMessage(), e);
    }
  }

  /** Returns the node at {@code field} unless it is absent or JSON null. */
  static JsonNode present(JsonNode parent, String field) {
    JsonNode node = parent == null ? null : parent.get(field);
    return node == null || node.isNull() || node.isMissingNode() ? null : node;
  }

  /** Returns the non-null value node at {@code field}, or null when it is absent or not a value. */
  static JsonNode value(JsonNode parent, String field) {
    JsonNode node = present(parent, field);
    return node != null && node.isValueNode() ? node : null;
  }
}
