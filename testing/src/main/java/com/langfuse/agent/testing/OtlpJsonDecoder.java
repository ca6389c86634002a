package com.langfuse.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decodes an OTLP JSON {@code ExportTraceServiceRequest} into {@link ReceivedSpan}s, and rejects
 * the whole request with status 400 on the first span whose ids or times are invalid.
 *
 * <p>OTLP JSON writes trace and span ids as hex (not base64 as in plain protobuf JSON), enums as
 * integers, and 64-bit integers as decimal strings; numbers and enum names are accepted too.
 */
final class OtlpJsonDecoder {

  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-fA-F]{32}");
  private static final Pattern SPAN_ID = Pattern.compile("[0-9a-fA-F]{16}");
  private static final Pattern ALL_ZEROS = Pattern.compile("0+");
  private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,19}");
  private static final String[] KINDS = {
    "UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"
  };
  private static final String[] STATUS_CODES = {"UNSET", "OK", "ERROR"};

  private OtlpJsonDecoder() {}

  /** Returns every span of the request, in the order they were sent. */
  static List<ReceivedSpan> decode(JsonNode root) throws IngestionRejection {
    if (root == null || !root.isObject()) {
      throw badRequest("the body is not an OTLP JSON ExportTraceServiceRequest object");
    }
    List<ReceivedSpan> spans = new ArrayList<>();
    JsonNode resourceSpans = arrayField(root, "resourceSpans", "the request");
    for (int r = 0; r < resourceSpans.size(); r++) {
      JsonNode resourceSpan = resourceSpans.get(r);
      String where = "resourceSpans[" + r + "]";
      Map<String, Object> resource =
          attributes(resourceSpan.path("resource").path("attributes"), where + ".resource");
      JsonNode scopeSpans = arrayField(resourceSpan, "scopeSpans", where);
      for (int s = 0; s < scopeSpans.size(); s++) {
        JsonNode scopeSpan = scopeSpans.get(s);
        String scopeName = scopeSpan.path("scope").path("name").asText("");
        JsonNode list = arrayField(scopeSpan, "spans", where + ".scopeSpans[" + s + "]");
        for (int i = 0; i < list.size(); i++) {
          String spanWhere = where + ".scopeSpans[" + s + "].spans[" + i + "]";
          spans.add(span(list.get(i), spanWhere, resource, scopeName));
        }
      }
    }
    return spans;
  }

  private static ReceivedSpan span(
      JsonNode span, String where, Map<String, Object> resource, String scopeName)
      throws IngestionRejection {
    if (!span.isObject()) {
      throw badRequest(where + " is not a JSON object");
    }
    String name = span.path("name").asText("");
    String label = where + " \"" + name + "\"";
    String traceId = id(span, "traceId", TRACE_ID, label, "32");
    String spanId = id(span, "spanId", SPAN_ID, label, "16");
    String parentSpanId = parentSpanId(span, label);
    long start = nanos(span, "startTimeUnixNano", label);
    long end = nanos(span, "endTimeUnixNano", label);
    if (end < start) {
      throw badRequest(
          "span " + label + ": endTimeUnixNano " + end + " is before startTimeUnixNano " + start);
    }

    JsonNode status = span.path("status");
    String statusMessage = status.path("message").asText("");
    return new ReceivedSpan(
        traceId,
        spanId,
        parentSpanId,
        name,
        enumName(span.path("kind"), KINDS, "SPAN_KIND_"),
        start,
        end,
        enumName(status.path("code"), STATUS_CODES, "STATUS_CODE_"),
        statusMessage.isEmpty() ? null : statusMessage,
        attributes(span.path("attributes"), label),
        resource,
        scopeName);
  }

  private static String id(JsonNode span, String field, Pattern format, String label, String digits)
      throws IngestionRejection {
    String value = span.path(field).asText("");
    if (!format.matcher(value).matches() || ALL_ZEROS.matcher(value).matches()) {
      throw badRequest(
          "span "
              + label
              + ": "
              + field
              + " \""
              + value
              + "\" is invalid: expected "
              + digits
              + " hex digits, not all zeros");
    }
    return value.toLowerCase(Locale.ROOT);
  }

  private static String parentSpanId(JsonNode span, String label) throws IngestionRejection {
    String value = span.path("parentSpanId").asText("");
    if (value.isEmpty()) {
      return null;
    }
    if (!SPAN_ID.matcher(value).matches()) {
      throw badRequest(
          "span "
              + label
              + ": parentSpanId \""
              + value
              + "\" is invalid: expected 16 hex digits, or no parentSpanId for a root span");
    }
    return value.toLowerCase(Locale.ROOT);
  }

  private static long nanos(JsonNode span, String field, String label) throws IngestionRejection {
    JsonNode value = span.path(field);
    if (value.isIntegralNumber() && value.canConvertToLong() && value.asLong() >= 0) {
      return value.asLong();
    }
    if (value.isTextual() && DECIMAL.matcher(value.asText()).matches()) {
      try {
        return Long.parseLong(value.asText());
      } catch (NumberFormatException e) {
        // Falls through to the rejection below: more than Long.MAX_VALUE nanoseconds.
      }
    }
    throw badRequest(
        "span "
            + label
            + ": "
            + field
            + " "
            + (value.isMissingNode() ? "is missing" : value + " is invalid")
            + ": expected nanoseconds since the epoch as a decimal string");
  }

  /** Maps an OTLP enum sent as a number or as its full name to its short name. */
  private static String enumName(JsonNode value, String[] names, String prefix) {
    if (value.isMissingNode() || value.isNull()) {
      return names[0];
    }
    if (value.isInt() && value.asInt() >= 0 && value.asInt() < names.length) {
      return names[value.asInt()];
    }
    String text = value.asText();
    return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
  }

  private static Map<String, Object> attributes(JsonNode list, String owner)
      throws IngestionRejection {
    if (list.isMissingNode() || list.isNull()) {
      return Map.of();
    }
    if (!list.isArray()) {
      throw badRequest(owner + ": attributes is not a JSON array");
    }
    Map<String, Object> attributes = new LinkedHashMap<>();
    for (JsonNode keyValue : list) {
      String key = keyValue.path("key").asText("");
      if (key.isEmpty()) {
        throw badRequest(owner + ": an attribute has no key: " + keyValue);
      }
      attributes.put(key, anyValue(keyValue.path("value"), owner + " attribute " + key));
    }
    return Collections.unmodifiableMap(attributes);
  }

  private static Object anyValue(JsonNode value, String where) throws IngestionRejection {
    if (value.has("stringValue")) {
      return value.get("stringValue").asText();
    }
    if (value.has("boolValue")) {
      return value.get("boolValue").asBoolean();
    }
    if (value.has("intValue")) {
      JsonNode number = value.get("intValue");
      try {
        return number.isIntegralNumber() ? number.asLong() : Long.parseLong(number.asText());
      } catch (NumberFormatException e) {
        throw badRequest(where + ": intValue " + number + " is not a 64-bit integer");
      }
    }
    if (value.has("doubleValue")) {
      JsonNode number = value.get("doubleValue");
      try {
        return number.isNumber() ? number.asDouble() : Double.parseDouble(number.asText());
      } catch (NumberFormatException e) {
        throw badRequest(where + ": doubleValue " + number + " is not a number");
      }
    }
    if (value.has("arrayValue")) {
      List<Object> values = new ArrayList<>();
      for (JsonNode element : value.get("arrayValue").path("values")) {
        values.add(anyValue(element, where));
      }
      return Collections.unmodifiableList(values);
    }
    if (value.has("kvlistValue")) {
      return attributes(value.get("kvlistValue").path("values"), where);
    }
    if (value.has("bytesValue")) {
      try {
        return Base64.getDecoder().decode(value.get("bytesValue").asText());
      } catch (IllegalArgumentException e) {
        throw badRequest(where + ": bytesValue is not base64");
      }
    }
    return null;
  }

  private static JsonNode arrayField(JsonNode parent, String field, String owner)
      throws IngestionRejection {
    JsonNode value = parent.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return Json.MAPPER.createArrayNode();
    }
    if (!value.isArray()) {
      throw badRequest(owner + ": " + field + " is not a JSON array");
    }
    return value;
  }

  private static IngestionRejection badRequest(String message) {
    return new IngestionRejection(400, message);
  }
}
