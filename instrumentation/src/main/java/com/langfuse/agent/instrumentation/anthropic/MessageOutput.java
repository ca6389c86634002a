package com.langfuse.agent.instrumentation.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The output JSON of a Messages API call: {@code {"role": "assistant", "content": [...],
 * "stop_reason": ...}} with the content blocks as the API returned them (text, thinking, tool use
 * and others). Runs on the exporter thread.
 */
final class MessageOutput {

  /** Role, keys and punctuation of the output object. */
  static final long OVERHEAD = 128;

  /** Bytes charged when the response reported no output token count. */
  static final long UNMEASURED = 4096;

  /**
   * Bytes of JSON per output token, an estimate: an English token is about four characters, and
   * JSON escaping and block keys add some.
   */
  static final long BYTES_PER_TOKEN = 6;

  private MessageOutput() {}

  /** Returns the output of a response message, given as the SDK serializes it. */
  static String fromMessage(JsonNode message) {
    JsonNode content = Json.present(message, "content");
    return write(content == null ? Json.array() : content, Json.text(message, "stop_reason"));
  }

  /** Returns the output of the content blocks {@code content} and the stop reason, if any. */
  static String write(JsonNode content, String stopReason) {
    ObjectNode output = Json.object();
    output.put("role", "assistant");
    output.set("content", content);
    if (stopReason != null) {
      output.put("stop_reason", stopReason);
    }
    return Json.write(output);
  }

  /** Estimates the output JSON's size from the output token count, before it is built. */
  static long estimatedBytes(UsageDetails usage) {
    if (usage == null || usage.output == null) {
      return UNMEASURED;
    }
    return OVERHEAD + usage.output * BYTES_PER_TOKEN;
  }
}
