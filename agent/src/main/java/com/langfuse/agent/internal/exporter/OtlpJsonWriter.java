package com.langfuse.agent.internal.exporter;

import com.langfuse.agent.bootstrap.AgentVersion;
import com.langfuse.agent.bootstrap.config.AgentConfig;
import com.langfuse.agent.bootstrap.privacy.ContentSanitizer;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an OTLP ExportTraceServiceRequest in the OTLP/JSON encoding, token by token into a {@link
 * JsonBuffer}. The envelope (resource and scope) is written once per exporter and each span on its
 * own, so that a batch can be split into several requests without encoding a span twice.
 *
 * <p>OTLP/JSON is the protobuf JSON mapping with the changes the OTLP specification makes: trace
 * and span ids are hex strings, enum values are integers, and 64-bit integers are decimal strings.
 * Every string is written as valid UTF-8, with U+FFFD for an unpaired surrogate.
 *
 * <p>Every string attribute value and the status message pass through a {@link ContentSanitizer}
 * (data URIs, masking, size cap), and the configured tags are added to every span's {@code
 * langfuse.trace.tags}, here on the exporter thread so the application thread pays for neither.
 *
 * <p>Not thread-safe. One consumer thread writes all spans of an exporter.
 */
final class OtlpJsonWriter {

  static final String SCOPE_NAME = "langfuse-agent";

  /** The bytes that close the spans array and every object opened by the envelope. */
  private static final byte[] ENVELOPE_SUFFIX = "]}]}]}".getBytes(StandardCharsets.US_ASCII);

  private static final byte[] STRING_VALUE = ascii("\"stringValue\":");
  private static final byte[] INT_VALUE = ascii("\"intValue\":");
  private static final byte[] DOUBLE_VALUE = ascii("\"doubleValue\":");
  private static final byte[] BOOL_VALUE = ascii("\"boolValue\":");
  private static final byte[] KEY_VALUE_END = ascii("}}");

  private final JsonBuffer json = new JsonBuffer(4096);
  private final AttributeKeys keys = new AttributeKeys();
  private final ContentSanitizer sanitizer;
  private final List<String> tags;

  /** Creates a writer that exports attribute values as they are and adds no tags. */
  OtlpJsonWriter() {
    this(ContentSanitizer.NONE, List.of());
  }

  /**
   * Creates a writer that passes string values through {@code sanitizer} and adds {@code tags} to
   * the trace tags of every span.
   */
  OtlpJsonWriter(ContentSanitizer sanitizer, List<String> tags) {
    this.sanitizer = sanitizer;
    this.tags = List.copyOf(tags);
  }

  /**
   * Returns the start of every request body, from the opening brace to the opening bracket of the
   * spans array: the resource attributes from {@code config} and the instrumentation scope.
   */
  byte[] envelopePrefix(AgentConfig config) {
    JsonBuffer out = new JsonBuffer(512);
    out.raw('{').key("resourceSpans").raw("[{").key("resource").raw('{').key("attributes");
    out.raw('[');
    writeResourceAttributes(out, config);
    out.raw("]},");

    out.key("scopeSpans").raw("[{").key("scope").raw('{');
    out.key("name").string(SCOPE_NAME).raw(',');
    out.key("version").string(AgentVersion.get()).raw("},");
    // The envelope stays open here: the spans and ENVELOPE_SUFFIX complete it.
    out.key("spans").raw('[');
    return out.toByteArray();
  }

  /** Returns the end of every request body, after the last span. */
  static byte[] envelopeSuffix() {
    return ENVELOPE_SUFFIX.clone();
  }

  /**
   * Writes one span as a JSON object to {@code out}. Call {@link SpanData#resolveDeferred()} first.
   *
   * @throws IllegalArgumentException when the trace, span or parent span id is not hex of the W3C
   *     length, because the server would reject the whole request for it
   */
  void writeSpan(SpanData span, OutputStream out) throws IOException {
    json.reset();
    hexId(json.raw('{').key("traceId"), "traceId", span.traceId(), 32);
    hexId(json.raw(',').key("spanId"), "spanId", span.spanId(), 16);
    String parent = span.parentSpanId();
    if (parent != null && !parent.isEmpty()) {
      hexId(json.raw(',').key("parentSpanId"), "parentSpanId", parent, 16);
    }
    json.raw(',').key("name").string(span.name());
    json.raw(',').key("kind").number(span.kind());
    json.raw(',').key("startTimeUnixNano").quotedLong(span.startEpochNanos());
    json.raw(',').key("endTimeUnixNano").quotedLong(span.endEpochNanos());

    json.raw(',').key("attributes").raw('[');
    AttributeList attributes = new AttributeList(json, keys);
    span.forEachAttribute(
        (key, value) -> {
          if (key.equals(LangfuseAttributes.TRACE_TAGS) && !tags.isEmpty()) {
            attributes.tagsWritten = true;
            attributes.add(key, withConfiguredTags(value));
          } else {
            attributes.add(key, exported(key, value));
          }
        });
    if (!tags.isEmpty() && !attributes.tagsWritten) {
      attributes.add(LangfuseAttributes.TRACE_TAGS, tags);
    }
    json.raw(']');

    json.raw(',').key("status").raw('{').key("code").number(span.statusCode());
    String message = span.statusMessage();
    if (message != null) {
      String sanitized = sanitizer.sanitize(LangfuseAttributes.OBSERVATION_STATUS_MESSAGE, message);
      json.raw(',').key("message").string(sanitized);
    }
    json.raw("}}");
    json.writeTo(out);
  }

  /** Returns {@code value} as it may be exported: a string through the sanitizer. */
  private Object exported(String key, Object value) {
    return value instanceof String ? sanitizer.sanitize(key, (String) value) : value;
  }

  /** Returns the span's own tags followed by the configured tags it lacks. */
  private List<String> withConfiguredTags(Object value) {
    List<String> merged = new ArrayList<>();
    if (value instanceof List) {
      for (Object tag : (List<?>) value) {
        merged.add(String.valueOf(tag));
      }
    } else {
      merged.add(String.valueOf(value));
    }
    for (String tag : tags) {
      if (!merged.contains(tag)) {
        merged.add(tag);
      }
    }
    return merged;
  }

  private static void writeResourceAttributes(JsonBuffer out, AgentConfig config) {
    AttributeList attributes = new AttributeList(out, new AttributeKeys());
    attributes.addString(LangfuseAttributes.SERVICE_NAME, config.serviceName());
    String version = config.serviceVersion() != null ? config.serviceVersion() : config.release();
    attributes.addString(LangfuseAttributes.SERVICE_VERSION, version);
    attributes.addString(LangfuseAttributes.ENVIRONMENT, config.environment());
    attributes.addString(LangfuseAttributes.RELEASE, config.release());
    attributes.addString("telemetry.sdk.name", AgentVersion.SDK_NAME);
    attributes.addString("telemetry.sdk.language", "java");
    attributes.addString("telemetry.sdk.version", AgentVersion.get());
  }

  /** Writes the one field of an {@code AnyValue} that matches the Java type of {@code value}. */
  private static void writeAnyValueField(JsonBuffer out, Object value) {
    if (value instanceof String) {
      out.raw(STRING_VALUE).string((String) value);
    } else if (value instanceof Long || value instanceof Integer) {
      out.raw(INT_VALUE).quotedLong(((Number) value).longValue());
    } else if (value instanceof Double) {
      out.raw(DOUBLE_VALUE).number((Double) value);
    } else if (value instanceof Boolean) {
      out.raw(BOOL_VALUE).bool((Boolean) value);
    } else if (value instanceof List) {
      writeArrayValue(out, (List<?>) value);
    } else {
      out.key("stringValue").string(String.valueOf(value));
    }
  }

  private static void writeArrayValue(JsonBuffer out, List<?> values) {
    out.key("arrayValue").raw('{').key("values").raw('[');
    boolean first = true;
    for (Object element : values) {
      if (!first) {
        out.raw(',');
      }
      first = false;
      out.raw('{');
      // A null element stays an empty AnyValue, so the other elements keep their positions.
      if (element != null) {
        out.raw(STRING_VALUE).string(element.toString());
      }
      out.raw('}');
    }
    out.raw("]}");
  }

  /**
   * Writes {@code id} in lowercase after checking that it is {@code length} hex characters. The
   * agent's own ids are lowercase already.
   *
   * @throws IllegalArgumentException when the id is not {@code length} hex characters
   */
  private static void hexId(JsonBuffer json, String field, String id, int length) {
    if (!json.hexId(id, length)) {
      throw new IllegalArgumentException(
          field + " \"" + id + "\" is invalid: expected " + length + " hex characters");
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** The elements of one JSON array of OTLP {@code KeyValue}s, with commas between them. */
  private static final class AttributeList {
    private final JsonBuffer out;
    private final AttributeKeys keys;
    private boolean empty = true;
    boolean tagsWritten;

    AttributeList(JsonBuffer out, AttributeKeys keys) {
      this.out = out;
      this.keys = keys;
    }

    /** Writes a string attribute, or nothing when {@code value} is null. */
    void addString(String key, String value) {
      if (value != null) {
        add(key, value);
      }
    }

    void add(String key, Object value) {
      if (!empty) {
        out.raw(',');
      }
      empty = false;
      out.raw(keys.keyValueStart(key));
      writeAnyValueField(out, value);
      out.raw(KEY_VALUE_END);
    }
  }
}
