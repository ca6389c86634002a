package com.langfuse.agent.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one Jackson mapper of this module, and small helpers around it. */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** Parses {@code text} as JSON, or returns null when it is not valid JSON. */
  static JsonNode parseOrNull(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** Returns {@code {"message": message}}, the error body shape of Langfuse's public API. */
  static String messageBody(String message) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("message", message);
    return body.toString();
  }
}
