package com.langfuse.agent.instrumentation.googlegenai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.Part;
import com.google.genai.types.Tool;
import java.util.List;

/**
 * The input JSON of a {@code generateContent} call: its contents as messages {@code {"role": ...,
 * "content": [parts]}}, with the system instruction first as a message of role {@code system}, or
 * {@code {"messages": [...], "tools": [...]}} when the request also declares tools. Parts keep the
 * SDK's JSON (text, function calls and responses, inline data and others).
 */
final class ContentInput {

  /** Role, keys and punctuation of one message. */
  static final long MESSAGE_OVERHEAD = 48;

  /** A tool declaration's schema, which is not measured. */
  static final long TOOL_ESTIMATE = 512;

  /** A part other than text, such as inline data or a function call. */
  static final long UNMEASURED_PART = 256;

  private ContentInput() {}

  /** Builds the input JSON; runs on the exporter thread. */
  static String build(List<Content> contents, GenerateContentConfig config) {
    ArrayNode messages = Json.array();
    Content system = config == null ? null : config.systemInstruction().orElse(null);
    if (system != null) {
      messages.add(message("system", Json.tree(system)));
    }
    for (Content content : contents) {
      JsonNode tree = Json.tree(content);
      JsonNode role = Json.value(tree, "role");
      messages.add(message(role == null ? "user" : role.asText(), tree));
    }

    List<Tool> tools = config == null ? List.of() : config.tools().orElse(List.of());
    if (tools.isEmpty()) {
      return Json.write(messages);
    }
    ArrayNode toolsJson = Json.array();
    for (Tool tool : tools) {
      toolsJson.add(Json.tree(tool));
    }
    ObjectNode input = Json.object();
    input.set("messages", messages);
    input.set("tools", toolsJson);
    return Json.write(input);
  }

  /**
   * Estimates the input JSON's size in bytes from the lengths of the texts it holds, without
   * serializing anything; runs on the application thread.
   */
  static long estimatedBytes(List<Content> contents, GenerateContentConfig config) {
    long bytes = 2 + contents.size() * MESSAGE_OVERHEAD;
    for (Content content : contents) {
      bytes += partBytes(content);
    }
    if (config != null) {
      Content system = config.systemInstruction().orElse(null);
      if (system != null) {
        bytes += MESSAGE_OVERHEAD + partBytes(system);
      }
      bytes += config.tools().map(List::size).orElse(0) * TOOL_ESTIMATE;
    }
    return bytes;
  }

  private static ObjectNode message(String role, JsonNode content) {
    ObjectNode message = Json.object();
    message.put("role", role);
    JsonNode parts = Json.present(content, "parts");
    message.set("content", parts == null ? Json.array() : parts);
    return message;
  }

  private static long partBytes(Content content) {
    long bytes = 0;
    for (Part part : content.parts().orElse(List.of())) {
      String text = part.text().orElse(null);
      bytes += text != null ? text.length() : UNMEASURED_PART;
    }
    return bytes;
  }
}
