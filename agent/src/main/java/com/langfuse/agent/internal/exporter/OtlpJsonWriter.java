package com.langfuse.agent.internal.exporter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.langfuse.agent.bootstrap.AgentVersion;
import com.langfuse.agent.bootstrap.config.AgentConfig;
import com.langfuse.agent.bootstrap.privacy.ContentSanitizer;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes an OTLP ExportTraceServiceRequest in the OTLP/JSON encoding with Jackson's streaming
 * generator. The envelope (resource and scope) is written once per exporter and each span on its
 * own, so that a batch can be split into several requests without encoding a span twice.
 *
 * <p>OTLP/JSON is the protobuf JSON mapping with the changes the OTLP specification makes: trace
 * and span ids are hex strings, enum values are integers, and 64-bit integers are decimal strings.
 * Every string goes through {@link #wellFormed(String)}, so the output is valid UTF-8 even for Java
 * strings with unpaired surrogates.
 *
 * <p>Every string attribute value and the status message pass through a {@link ContentSanitizer}
 * (data URIs, masking, size cap), and the configured tags are added to every span's {@code
 * langfuse.trace.tags}, here on the exporter thread so the application thread pays for neither.
 */
final class OtlpJsonWriter {

  static final String SCOPE_NAME = "langfuse-agent";

  /** The bytes that close the spans array and every object opened by the envelope. */
  private static final byte[] ENVELOPE_SUFFIX = "]}]}]}".getBytes(StandardCharsets.US_ASCII);

  private static final char REPLACEMENT_CHARACTER = '\uFFFD';

  private final JsonFactory factory;
  private final ContentSanitizer sanitizer;
  private final List<String> tags;

  /** Creates a writer that exports attribute values as they are and adds no tags. */
  OtlpJsonWriter() {
    this(ContentSanitizer.NONE, List.of());
  }

  /**
   * Creates a writer that passes string values through {@code sanitizer} and adds {@code tags}
   * to the trace tags of every span.
   */
  OtlpJsonWriter(ContentSanitizer sanitizer, List<String> tags) {
    this.sanitizer = sanitizer;
    this.tags = List.copyOf(tags);
    // Surrogate pairs (emoji) become one 4-byte UTF-8 sequence instead of two \\u escapes.
    this.factory =
        JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();
  }

  /**
   * Returns the start of every request body, from the opening brace to the opening bracket of the
   * spans array: the resource attributes from {@code config} and the instrumentation scope.
   */
  byte[] envelopePrefix(AgentConfig config) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    JsonGenerator json = factory.createGenerator(out);
    // The envelope stays open here: the spans and ENVELOPE_SUFFIX complete it.
    json.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);

    json.writeStartObject();
    json.writeArrayFieldStart("resourceSpans");
    json.writeStartObject();
    json.writeObjectFieldStart("resource");
    json.writeArrayFieldStart("attributes");
    writeResourceAttributes(json, config);
    json.writeEndArray();
    json.writeEndObject();

    json.writeArrayFieldStart("scopeSpans");
    json.writeStartObject();
    json.writeObjectFieldStart("scope");
    json.writeStringField("name", SCOPE_NAME);
    json.writeStringField("version", wellFormed(AgentVersion.get()));
    json.writeEndObject();
    json.writeArrayFieldStart("spans");
    json.close();
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
    try (JsonGenerator json = factory.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("traceId", hexId("traceId", span.traceId(), 32));
      json.writeStringField("spanId", hexId("spanId", span.spanId(), 16));
      String parent = span.parentSpanId();
      if (parent != null && !parent.isEmpty()) {
        json.writeStringField("parentSpanId", hexId("parentSpanId", parent, 16));
      }
      json.writeStringField("name", wellFormed(span.name()));
      json.writeNumberField("kind", span.kind());
      json.writeStringField("startTimeUnixNano", Long.toString(span.startEpochNanos()));
      json.writeStringField("endTimeUnixNano", Long.toString(span.endEpochNanos()));

      json.writeArrayFieldStart("attributes");
      boolean[] tagsWritten = {false};
      span.forEachAttribute(
          (key, value) -> {
            if (key.equals(LangfuseAttributes.TRACE_TAGS) && !tags.isEmpty()) {
              tagsWritten[0] = true;
              writeAttribute(json, key, withConfiguredTags(value));
            } else {
              writeAttribute(json, key, exported(key, value));
            }
          });
      if (!tags.isEmpty() && !tagsWritten[0]) {
        writeAttribute(json, LangfuseAttributes.TRACE_TAGS, tags);
      }
      json.writeEndArray();

      json.writeObjectFieldStart("status");
      json.writeNumberField("code", span.statusCode());
      String message = span.statusMessage();
      if (message != null) {
        String sanitized = sanitizer.sanitize(LangfuseAttributes.OBSERVATION_STATUS_MESSAGE, message);
        json.writeStringField("message", wellFormed(sanitized));
      }
      json.writeEndObject();
      json.writeEndObject();
    }
  }

  /**
   * Returns {@code text} with every unpaired surrogate replaced by U+FFFD, or {@code text} itself
   * when it has none. UTF-8 cannot encode a lone surrogate, and a JSON escape of one is accepted by
   * some parsers and rejected by others.
   */
  static String wellFormed(String text) {
    StringBuilder fixed = null;
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (!Character.isSurrogate(c)) {
        if (fixed != null) {
          fixed.append(c);
        }
        continue;
      }
      boolean paired =
          Character.isHighSurrogate(c)
              && i + 1 < length
              && Character.isLowSurrogate(text.charAt(i + 1));
      if (paired) {
        if (fixed != null) {
          fixed.append(c).append(text.charAt(i + 1));
        }
        i++;
        continue;
      }
      if (fixed == null) {
        fixed = new StringBuilder(length).append(text, 0, i);
      }
      fixed.append(REPLACEMENT_CHARACTER);
    }
    return fixed == null ? text : fixed.toString();
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

  private static void writeResourceAttributes(JsonGenerator json, AgentConfig config)
      throws IOException {
    writeStringAttribute(json, LangfuseAttributes.SERVICE_NAME, config.serviceName());
    String version = config.serviceVersion() != null ? config.serviceVersion() : config.release();
    writeStringAttribute(json, LangfuseAttributes.SERVICE_VERSION, version);
    writeStringAttribute(json, LangfuseAttributes.ENVIRONMENT, config.environment());
    writeStringAttribute(json, LangfuseAttributes.RELEASE, config.release());
    writeStringAttribute(json, "telemetry.sdk.name", AgentVersion.SDK_NAME);
    writeStringAttribute(json, "telemetry.sdk.language", "java");
    writeStringAttribute(json, "telemetry.sdk.version", AgentVersion.get());
  }

  /** Writes a string attribute, or nothing when {@code value} is null. */
  private static void writeStringAttribute(JsonGenerator json, String key, String value)
      throws IOException {
    if (value != null) {
      writeAttribute(json, key, value);
    }
  }

  /**
   * Writes one {@code KeyValue}. Jackson's IOException is rethrown unchecked because {@link
   * SpanData#forEachAttribute} takes a plain BiConsumer; the caller treats both the same way.
   */
  private static void writeAttribute(JsonGenerator json, String key, Object value) {
    try {
      json.writeStartObject();
      json.writeStringField("key", wellFormed(key));
      json.writeObjectFieldStart("value");
      writeAnyValueField(json, value);
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new EncodingException("writing attribute " + key + " failed", e);
    }
  }

  /** Writes the one field of an {@code AnyValue} that matches the Java type of {@code value}. */
  private static void writeAnyValueField(JsonGenerator json, Object value) throws IOException {
    if (value instanceof String) {
      json.writeStringField("stringValue", wellFormed((String) value));
    } else if (value instanceof Long || value instanceof Integer) {
      json.writeStringField("intValue", value.toString());
    } else if (value instanceof Double) {
      // NaN and the infinities are written as the strings "NaN", "Infinity" and "-Infinity",
      // which is how the protobuf JSON mapping spells them.
      json.writeNumberField("doubleValue", (Double) value);
    } else if (value instanceof Boolean) {
      json.writeBooleanField("boolValue", (Boolean) value);
    } else if (value instanceof List) {
      writeArrayValue(json, (List<?>) value);
    } else {
      json.writeStringField("stringValue", wellFormed(String.valueOf(value)));
    }
  }

  private static void writeArrayValue(JsonGenerator json, List<?> values) throws IOException {
    json.writeObjectFieldStart("arrayValue");
    json.writeArrayFieldStart("values");
    for (Object element : values) {
      json.writeStartObject();
      // A null element stays an empty AnyValue, so the other elements keep their positions.
      if (element != null) {
        json.writeStringField("stringValue", wellFormed(element.toString()));
      }
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  /** Returns {@code id} in lowercase after checking that it is {@code length} hex characters. */
  private static String hexId(String field, String id, int length) {
    boolean valid = id != null && id.length() == length;
    for (int i = 0; valid && i < length; i++) {
      char c = id.charAt(i);
      valid = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
    if (!valid) {
      throw new IllegalArgumentException(
          field + " \"" + id + "\" is invalid: expected " + length + " hex characters");
    }
    return id.toLowerCase(Locale.ROOT);
  }

  /** An encoding failure raised inside an attribute callback. */
  static final class EncodingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EncodingException(String message, IOException cause) {
      super(message, cause);
    }
  }
}
