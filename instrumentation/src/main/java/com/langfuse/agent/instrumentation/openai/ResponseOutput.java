package com.langfuse.agent.instrumentation.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.models.responses.ResponseOutputItem;
import java.util.List;

/**
 * The output JSON of a Responses API call: one entry per output item. A message becomes an
 * assistant message with its text joined, a function call keeps its call id, name and arguments, a
 * reasoning item keeps its summary texts, and any other item is kept as sent. Runs on the exporter
 * thread.
 */
final class ResponseOutput {

  private ResponseOutput() {}

  static String fromItems(List<ResponseOutputItem> items) {
    ArrayNode output = Json.array();
    for (ResponseOutputItem item : items) {
      output.add(simplify(Json.tree(item)));
    }
    return Json.write(output);
  }

  static ObjectNode message(String text, String refusal) {
    ObjectNode message = Json.object();
    message.put("role", "assistant");
    message.put("content", text);
    if (refusal != null) {
      message.put("refusal", refusal);
    }
    return message;
  }

  static ObjectNode functionCall(String callId, String name, String arguments) {
    ObjectNode call = Json.object();
    call.put("type", "function_call");
    call.put("call_id", callId);
    call.put("name", name);
    call.put("arguments", arguments);
    return call;
  }

  private static JsonNode simplify(JsonNode item) {
    String type = Json.text(item, "type");
    if ("message".equals(type)) {
      return fromMessage(item);
    }
    if ("function_call".equals(type)) {
      return functionCall(
          Json.text(item, "call_id"), Json.text(item, "name"), Json.text(item, "arguments"));
    }
    if ("reasoning".equals(type)) {
      ObjectNode reasoning = Json.object();
      reasoning.put("type", "reasoning");
      ArrayNode summary = reasoning.putArray("summary");
      JsonNode parts = Json.present(item, "summary");
      if (parts != null) {
        for (JsonNode part : parts) {
          String text = Json.text(part, "text");
          if (text != null) {
            summary.add(text);
          }
        }
      }
      return reasoning;
    }
    return item;
  }

  private static JsonNode fromMessage(JsonNode item) {
    StringBuilder text = new StringBuilder();
    StringBuilder refusal = null;
    JsonNode parts = Json.present(item, "content");
    if (parts != null) {
      for (JsonNode part : parts) {
        String partType = Json.text(part, "type");
        String partText = Json.text(part, "output_text".equals(partType) ? "text" : "refusal");
        if ("output_text".equals(partType) && partText != null) {
          text.append(partText);
        } else if ("refusal".equals(partType) && partText != null) {
          refusal = refusal == null ? new StringBuilder() : refusal;
          refusal.append(partText);
        }
      }
    }
    ObjectNode message = message(text.toString(), refusal == null ? null : refusal.toString());
    String role = Json.text(item, "role");
    if (role != null) {
      message.put("role", role);
    }
    return message;
  }
}
