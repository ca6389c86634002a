package com.langfuse.agent.instrumentation.bedrock;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Reads and writes the JSON bodies of InvokeModel through the AWS SDK's own JSON tree ({@code
 * software.amazon.awssdk.protocols.jsoncore}, in the SDK's {@code json-utils} module), so the
 * helper needs no JSON library of the application.
 */
final class JsonNodes {

  private JsonNodes() {}

  /** Returns the JSON tree of {@code body}, or null when it is empty or not JSON. */
  static JsonNode parse(SdkBytes body) {
    if (body == null) {
      return null;
    }
    byte[] bytes = body.asByteArrayUnsafe();
    if (bytes.length == 0) {
      return null;
    }
    try {
      return JsonNode.parser().parse(bytes);
    } catch (RuntimeException e) {
      return null;
    }
  }

  static String write(JsonNode node) {
    StringBuilder out = new StringBuilder(256);
    append(out, node, 0);
    return out.toString();
  }

  static void append(StringBuilder out, JsonNode node, int depth) {
    if (node == null || node.isNull()) {
      out.append("null");
    } else if (depth > SdkJson.MAX_DEPTH) {
      JsonText.string(out, "...");
    } else if (node.isString()) {
      JsonText.string(out, node.asString());
    } else if (node.isNumber()) {
      JsonText.number(out, node.asNumber());
    } else if (node.isBoolean()) {
      out.append(node.asBoolean());
    } else if (node.isArray()) {
      out.append('[');
      List<JsonNode> elements = node.asArray();
      for (int i = 0; i < elements.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        append(out, elements.get(i), depth + 1);
      }
      out.append(']');
    } else if (node.isObject()) {
      out.append('{');
      for (Map.Entry<String, JsonNode> entry : node.asObject().entrySet()) {
        JsonText.key(out, entry.getKey());
        append(out, entry.getValue(), depth + 1);
      }
      out.append('}');
    } else {
      out.append("null");
    }
  }

  /**
   * Returns the node at {@code field} of an object, or null when absent, JSON null or no object.
   */
  static JsonNode get(JsonNode parent, String field) {
    if (parent == null || !parent.isObject()) {
      return null;
    }
    JsonNode node = parent.asObject().get(field);
    return node == null || node.isNull() ? null : node;
  }

  /** Returns the text at {@code field}, or null when it is absent or not a string. */
  static String text(JsonNode parent, String field) {
    JsonNode node = get(parent, field);
    return node != null && node.isString() ? node.asString() : null;
  }

  /** Returns the whole number at {@code field}, or null when it is absent or not a number. */
  static Long number(JsonNode parent, String field) {
    JsonNode node = get(parent, field);
    if (node == null || !node.isNumber()) {
      return null;
    }
    try {
      return Long.valueOf(node.asNumber());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Returns whether {@code node} is a string, number or boolean. */
  static boolean isScalar(JsonNode node) {
    return node != null && (node.isString() || node.isNumber() || node.isBoolean());
  }
}
