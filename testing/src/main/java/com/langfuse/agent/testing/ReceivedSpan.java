package com.langfuse.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One span that {@link OtlpReceiver} accepted, decoded from OTLP JSON.
 *
 * <p>Attribute values are typed as they were sent: {@code String}, {@code Long} (intValue), {@code
 * Double}, {@code Boolean}, {@code List<Object>} (arrayValue), {@code Map<String, Object>}
 * (kvlistValue) or {@code byte[]} (bytesValue). Ids are lower-case hex.
 */
public final class ReceivedSpan {

  private final String traceId;
  private final String spanId;
  private final String parentSpanId;
  private final String name;
  private final String kind;
  private final long startNanos;
  private final long endNanos;
  private final String statusCode;
  private final String statusMessage;
  private final Map<String, Object> attributes;
  private final Map<String, Object> resourceAttributes;
  private final String scopeName;

  ReceivedSpan(
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      String kind,
      long startNanos,
      long endNanos,
      String statusCode,
      String statusMessage,
      Map<String, Object> attributes,
      Map<String, Object> resourceAttributes,
      String scopeName) {
    this.traceId = traceId;
    this.spanId = spanId;
    this.parentSpanId = parentSpanId;
    this.name = name;
    this.kind = kind;
    this.startNanos = startNanos;
    this.endNanos = endNanos;
    this.statusCode = statusCode;
    this.statusMessage = statusMessage;
    this.attributes = attributes;
    this.resourceAttributes = resourceAttributes;
    this.scopeName = scopeName;
  }

  /** The trace id, 32 lower-case hex digits. */
  public String traceId() {
    return traceId;
  }

  /** The span id, 16 lower-case hex digits. */
  public String spanId() {
    return spanId;
  }

  /** The parent span id, or null for a root span. */
  public String parentSpanId() {
    return parentSpanId;
  }

  /** The span name, or an empty string. */
  public String name() {
    return name;
  }

  /**
   * The span kind without the {@code SPAN_KIND_} prefix: {@code UNSPECIFIED}, {@code INTERNAL},
   * {@code SERVER}, {@code CLIENT}, {@code PRODUCER} or {@code CONSUMER}.
   */
  public String kind() {
    return kind;
  }

  /** The start time in nanoseconds since the epoch. */
  public long startNanos() {
    return startNanos;
  }

  /** The end time in nanoseconds since the epoch. */
  public long endNanos() {
    return endNanos;
  }

  /**
   * The status code without the {@code STATUS_CODE_} prefix: {@code UNSET}, {@code OK} or {@code
   * ERROR}.
   */
  public String statusCode() {
    return statusCode;
  }

  /** The status message, or null when none was sent. */
  public String statusMessage() {
    return statusMessage;
  }

  /** The span attributes by key, in the order they were sent. */
  public Map<String, Object> attributes() {
    return attributes;
  }

  /** The attributes of the span's resource, such as {@code service.name}. */
  public Map<String, Object> resourceAttributes() {
    return resourceAttributes;
  }

  /** The name of the instrumentation scope that holds the span, or an empty string. */
  public String scopeName() {
    return scopeName;
  }

  /** Returns the value of a span attribute, or null when the span has no such attribute. */
  public Object attr(String key) {
    return attributes.get(key);
  }

  /**
   * Parses a string attribute that holds JSON, such as {@code langfuse.observation.usage_details}.
   *
   * @throws AssertionError when the attribute is missing, not a string, or not valid JSON
   */
  public JsonNode json(String key) {
    Object value = attributes.get(key);
    if (!(value instanceof String)) {
      throw new AssertionError(
          "span "
              + describe()
              + " has no string attribute "
              + key
              + (value == null ? "" : " (its value is " + value + ")")
              + "; its attributes are "
              + attributes.keySet());
    }
    JsonNode parsed = Json.parseOrNull((String) value);
    if (parsed == null) {
      throw new AssertionError(
          "attribute " + key + " of span " + describe() + " is not valid JSON: " + value);
    }
    return parsed;
  }

  /** Returns the span's name and id, for messages. */
  public String describe() {
    return "\"" + name + "\" (spanId " + spanId + ")";
  }

  @Override
  public String toString() {
    return "ReceivedSpan "
        + describe()
        + " trace "
        + traceId
        + (parentSpanId == null ? "" : " parent " + parentSpanId)
        + " status "
        + statusCode
        + " attributes "
        + attributes;
  }
}
