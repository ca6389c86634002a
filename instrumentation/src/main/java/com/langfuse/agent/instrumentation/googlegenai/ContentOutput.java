package com.langfuse.agent.instrumentation.googlegenai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The output JSON of a {@code generateContent} call: for one candidate {@code {"role": "model",
 * "content": [parts], "finish_reason": ...}}, for several an array of such objects. The parts are
 * as the API returned them: text, thoughts, function calls and others. A response without
 * candidates, such as a blocked prompt, has its {@code promptFeedback} as the output. Runs on the
 * exporter thread.
 */
final class ContentOutput {

  /** Role, keys and punctuation of one candidate. */
  static final long OVERHEAD = 128;

  /** Bytes charged when the response reported no candidates token count. */
  static final long UNMEASURED = 4096;

  /**
   * Bytes of JSON per output token, an estimate: an English token is about four characters, and
   * JSON escaping and part keys add some.
   */
  static final long BYTES_PER_TOKEN = 6;

  private ContentOutput() {}

  /** Returns the output of a response, given as the SDK serializes it, or null when it has none. */
  static String fromResponse(JsonNode response) {
    JsonNode candidates = Json.present(response, "candidates");
    if (candidates == null || !candidates.isArray() || candidates.isEmpty()) {
      JsonNode feedback = Json.present(response, "promptFeedback");
      if (feedback == null) {
        return null;
      }
      ObjectNode output = Json.object();
      output.set("promptFeedback", feedback);
      return Json.write(output);
    }
    ArrayNode outputs = Json.array();
    for (JsonNode candidate : candidates) {
      JsonNode content = Json.present(candidate, "content");
      JsonNode role = Json.value(content, "role");
      JsonNode finishReason = Json.value(candidate, "finishReason");
      outputs.add(
          candidate(
              role == null ? null : role.asText(),
              Json.present(content, "parts"),
              finishReason == null ? null : finishReason.asText()));
    }
    return Json.write(outputs.size() == 1 ? outputs.get(0) : outputs);
  }

  /** Returns one candidate's output object; {@code parts} may be null when it has none. */
  static ObjectNode candidate(String role, JsonNode parts, String finishReason) {
    ObjectNode output = Json.object();
    output.put("role", role == null ? "model" : role);
    output.set("content", parts == null ? Json.array() : parts);
    if (finishReason != null) {
      output.put("finish_reason", finishReason);
    }
    return output;
  }

  /** Estimates the output JSON's size from the output token counts, before it is built. */
  static long estimatedBytes(UsageDetails usage) {
    if (usage == null || usage.candidates == null) {
      return UNMEASURED;
    }
    return OVERHEAD + usage.candidates * BYTES_PER_TOKEN;
  }
}
