package com.langfuse.agent.internal.exporter;

import static com.langfuse.agent.internal.exporter.OtlpJson.attribute;
import static com.langfuse.agent.internal.exporter.OtlpJson.decode;
import static com.langfuse.agent.internal.exporter.OtlpJson.spans;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.langfuse.agent.bootstrap.AgentVersion;
import com.langfuse.agent.bootstrap.config.AgentConfig;
import com.langfuse.agent.bootstrap.export.AgentStats;
import com.langfuse.agent.bootstrap.export.DropReason;
import com.langfuse.agent.bootstrap.export.ExportRequest;
import com.langfuse.agent.bootstrap.trace.SpanData;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpEncodingTest {

  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String ROOT_ID = "b7ad6b7169203331";
  private static final String CHILD_ID = "00f067aa0ba902b7";
  private static final long START = 1_700_000_000_123_456_789L;
  private static final long END = 1_700_000_001_987_654_321L;

  private final AgentStats stats = new AgentStats();

  @Test
  void encodeWritesResourceAttributes() {
    AgentConfig config =
        OtlpJson.config(
            "http://127.0.0.1:1",
            "OTEL_SERVICE_NAME",
            "checkout",
            "LANGFUSE_TRACING_ENVIRONMENT",
            "staging",
            "LANGFUSE_RELEASE",
            "v1.2.3");

    JsonNode resource = encodeOne(config, root()).path("resourceSpans").get(0).path("resource");

    assertThat(attribute(resource, "service.name").path("stringValue").asText())
        .isEqualTo("checkout");
    assertThat(attribute(resource, "service.version").path("stringValue").asText())
        .isEqualTo("v1.2.3");
    assertThat(attribute(resource, "langfuse.environment").path("stringValue").asText())
        .isEqualTo("staging");
    assertThat(attribute(resource, "langfuse.release").path("stringValue").asText())
        .isEqualTo("v1.2.3");
    assertThat(attribute(resource, "telemetry.sdk.name").path("stringValue").asText())
        .isEqualTo(AgentVersion.SDK_NAME);
    assertThat(attribute(resource, "telemetry.sdk.language").path("stringValue").asText())
        .isEqualTo("java");
    assertThat(attribute(resource, "telemetry.sdk.version").path("stringValue").asText())
        .isEqualTo(AgentVersion.get());
  }

  @Test
  void encodePrefersServiceVersionOverRelease() {
    AgentConfig config =
        OtlpJson.config(
            "http://127.0.0.1:1",
            "OTEL_RESOURCE_ATTRIBUTES",
            "service.version=2.0.0",
            "LANGFUSE_RELEASE",
            "abc123");

    JsonNode resource = encodeOne(config, root()).path("resourceSpans").get(0).path("resource");

    assertThat(attribute(resource, "service.version").path("stringValue").asText())
        .isEqualTo("2.0.0");
  }

  @Test
  void encodeOmitsUnsetResourceAttributes() {
    JsonNode resource =
        encodeOne(OtlpJson.config("http://127.0.0.1:1"), root())
            .path("resourceSpans")
            .get(0)
            .path("resource");

    assertThat(attribute(resource, "langfuse.environment")).isNull();
    assertThat(attribute(resource, "langfuse.release")).isNull();
    assertThat(attribute(resource, "service.version")).isNull();
  }

  @Test
  void encodeWritesScopeNameAndVersion() {
    JsonNode scope =
        encodeOne(OtlpJson.config("http://127.0.0.1:1"), root())
            .path("resourceSpans")
            .get(0)
            .path("scopeSpans")
            .get(0)
            .path("scope");

    assertThat(scope.path("name").asText()).isEqualTo("langfuse-agent");
    assertThat(scope.path("version").asText()).isEqualTo(AgentVersion.get());
  }

  @Test
  void encodeWritesSpanFields() {
    SpanData child = SpanData.forTest(TRACE_ID, CHILD_ID, ROOT_ID, "chat gpt-4o", START);
    child.recordError("rate limited");
    child.end(END);

    JsonNode span = spans(encodeOne(OtlpJson.config("http://127.0.0.1:1"), child)).get(0);

    assertThat(span.path("traceId").asText()).isEqualTo(TRACE_ID);
    assertThat(span.path("spanId").asText()).isEqualTo(CHILD_ID);
    assertThat(span.path("parentSpanId").asText()).isEqualTo(ROOT_ID);
    assertThat(span.path("name").asText()).isEqualTo("chat gpt-4o");
    assertThat(span.path("kind").isInt()).isTrue();
    assertThat(span.path("kind").asInt()).isEqualTo(SpanData.KIND_INTERNAL);
    assertThat(span.path("startTimeUnixNano").isTextual()).isTrue();
    assertThat(span.path("startTimeUnixNano").asText()).isEqualTo(Long.toString(START));
    assertThat(span.path("endTimeUnixNano").asText()).isEqualTo(Long.toString(END));
    assertThat(span.path("status").path("code").asInt()).isEqualTo(SpanData.STATUS_ERROR);
    assertThat(span.path("status").path("message").asText()).isEqualTo("rate limited");
  }

  @Test
  void encodeOmitsParentAndMessageOfRoot() {
    JsonNode span = spans(encodeOne(OtlpJson.config("http://127.0.0.1:1"), root())).get(0);

    assertThat(span.has("parentSpanId")).isFalse();
    assertThat(span.path("status").path("code").asInt()).isEqualTo(SpanData.STATUS_UNSET);
    assertThat(span.path("status").has("message")).isFalse();
  }

  @Test
  void encodeWritesEveryAttributeType() {
    SpanData span = SpanData.forTest(TRACE_ID, ROOT_ID, null, "types", START);
    span.setAttribute("text", "hello");
    span.setAttribute("count", Long.MAX_VALUE);
    span.setAttribute("ratio", 0.25);
    span.setAttribute("flag", true);
    span.setAttribute("tags", Arrays.asList("a", null, "c"));
    span.end(END);

    JsonNode encoded = spans(encodeOne(OtlpJson.config("http://127.0.0.1:1"), span)).get(0);

    assertThat(attribute(encoded, "text").path("stringValue").asText()).isEqualTo("hello");
    JsonNode count = attribute(encoded, "count").path("intValue");
    assertThat(count.isTextual()).isTrue();
    assertThat(count.asText()).isEqualTo("9223372036854775807");
    JsonNode ratio = attribute(encoded, "ratio").path("doubleValue");
    assertThat(ratio.isNumber()).isTrue();
    assertThat(ratio.asDouble()).isEqualTo(0.25);
    JsonNode flag = attribute(encoded, "flag").path("boolValue");
    assertThat(flag.isBoolean()).isTrue();
    assertThat(flag.asBoolean()).isTrue();
    JsonNode values = attribute(encoded, "tags").path("arrayValue").path("values");
    assertThat(values.size()).isEqualTo(3);
    assertThat(values.get(0).path("stringValue").asText()).isEqualTo("a");
    assertThat(values.get(1).isEmpty()).isTrue();
    assertThat(values.get(2).path("stringValue").asText()).isEqualTo("c");
  }

  @Test
  void encodeKeepsUnicodeAndEmoji() {
    String text = "naïve 日本語 \uD83D\uDE00 \"quoted\" back\\slash tab\t nul\u0000 end";
    SpanData span = SpanData.forTest(TRACE_ID, ROOT_ID, null, "emoji \uD83E\uDD16", START);
    span.setAttribute("input", text);
    span.end(END);

    byte[] json = encodeJson(OtlpJson.config("http://127.0.0.1:1"), span);
    JsonNode encoded = spans(OtlpJson.parse(json)).get(0);

    assertThat(OtlpJson.strictUtf8(json)).isNotEmpty();
    assertThat(encoded.path("name").asText()).isEqualTo("emoji \uD83E\uDD16");
    assertThat(attribute(encoded, "input").path("stringValue").asText()).isEqualTo(text);
    // The emoji is one 4-byte UTF-8 sequence, not a pair of \\u escapes.
    assertThat(contains(json, "\uD83D\uDE00".getBytes(StandardCharsets.UTF_8))).isTrue();
  }

  @Test
  void encodeReplacesUnpairedSurrogates() {
    SpanData span = SpanData.forTest(TRACE_ID, ROOT_ID, null, "lone \uD800", START);
    span.setAttribute("low-first", "a\uDC00\uD800b");
    span.setAttribute("high-at-end", "tail\uD83D");
    span.setAttribute("pair-kept", "x\uD83D\uDE00y");
    span.end(END);

    byte[] json = encodeJson(OtlpJson.config("http://127.0.0.1:1"), span);
    JsonNode encoded = spans(OtlpJson.parse(json)).get(0);

    assertThat(OtlpJson.strictUtf8(json)).isNotEmpty();
    assertThat(encoded.path("name").asText()).isEqualTo("lone \uFFFD");
    assertThat(attribute(encoded, "low-first").path("stringValue").asText())
        .isEqualTo("a\uFFFD\uFFFDb");
    assertThat(attribute(encoded, "high-at-end").path("stringValue").asText())
        .isEqualTo("tail\uFFFD");
    assertThat(attribute(encoded, "pair-kept").path("stringValue").asText())
        .isEqualTo("x\uD83D\uDE00y");
  }

  @Test
  void encodeResolvesDeferredAttribute() {
    int[] calls = {0};
    SpanData span = SpanData.forTest(TRACE_ID, ROOT_ID, null, "deferred", START);
    span.setDeferredAttribute(
        "langfuse.observation.output",
        () -> {
          calls[0]++;
          return "computed on the exporter thread";
        },
        64);
    span.end(END);
    assertThat(calls[0]).isZero();

    JsonNode encoded = spans(encodeOne(OtlpJson.config("http://127.0.0.1:1"), span)).get(0);

    assertThat(calls[0]).isEqualTo(1);
    assertThat(attribute(encoded, "langfuse.observation.output").path("stringValue").asText())
        .isEqualTo("computed on the exporter thread");
  }

  @Test
  void encodeCompressesWithGzip() {
    List<ExportRequest> requests =
        new OtlpHttpExporter(OtlpJson.config("http://127.0.0.1:1")).encode(List.of(root()), stats);

    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).contentEncoding()).isEqualTo("gzip");
    assertThat(requests.get(0).spanCount()).isEqualTo(1);
    assertThat(requests.get(0).body()[0]).isEqualTo((byte) 0x1f);
    assertThat(requests.get(0).body()[1]).isEqualTo((byte) 0x8b);
  }

  @Test
  void encodeReturnsNothingForEmptyBatch() {
    List<ExportRequest> requests =
        new OtlpHttpExporter(OtlpJson.config("http://127.0.0.1:1")).encode(List.of(), stats);

    assertThat(requests).isEmpty();
  }

  @Test
  void encodeDropsSpanWithInvalidTraceId() {
    SpanData invalid = SpanData.forTest("not-hex", CHILD_ID, null, "invalid", START);
    invalid.end(END);

    List<ExportRequest> requests =
        new OtlpHttpExporter(OtlpJson.config("http://127.0.0.1:1"))
            .encode(List.of(invalid, root()), stats);

    assertThat(stats.dropped(DropReason.ENCODING_FAILED)).isEqualTo(1);
    assertThat(requests).hasSize(1);
    assertThat(spans(decode(requests.get(0)))).hasSize(1);
  }

  private static SpanData root() {
    SpanData span = SpanData.forTest(TRACE_ID, ROOT_ID, null, "root", START);
    span.end(END);
    return span;
  }

  private JsonNode encodeOne(AgentConfig config, SpanData span) {
    return OtlpJson.parse(encodeJson(config, span));
  }

  private byte[] encodeJson(AgentConfig config, SpanData span) {
    List<ExportRequest> requests = new OtlpHttpExporter(config).encode(List.of(span), stats);
    assertThat(requests).hasSize(1);
    return OtlpJson.gunzip(requests.get(0).body());
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
