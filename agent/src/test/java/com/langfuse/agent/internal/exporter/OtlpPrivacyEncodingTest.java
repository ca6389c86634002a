package com.langfuse.agent.internal.exporter;

import static com.langfuse.agent.internal.exporter.OtlpJson.attribute;
import static com.langfuse.agent.internal.exporter.OtlpJson.spans;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.langfuse.agent.bootstrap.config.AgentConfig;
import com.langfuse.agent.bootstrap.export.AgentStats;
import com.langfuse.agent.bootstrap.export.ExportRequest;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Masking, size caps and configured tags as the exporter applies them to encoded spans. */
class OtlpPrivacyEncodingTest {

  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String SPAN_ID = "b7ad6b7169203331";

  @Test
  void maskingAppliesToInputOutputAndStatus() {
    AgentConfig config =
        OtlpJson.config("http://127.0.0.1:1", "LANGFUSE_MASK_BUILTIN", "true");
    SpanData span = span();
    span.setAttribute(LangfuseAttributes.OBSERVATION_INPUT, "[{\"content\":\"mail bob@example.com\"}]");
    span.setAttribute(LangfuseAttributes.OBSERVATION_OUTPUT, "key sk-proj-abcdefghijklmnopqrstuvwxyz");
    span.setAttribute("langfuse.observation.metadata.owner", "alice@example.org");
    span.recordError("HTTP 400: input mentions carol@example.net");
    span.end(20L);

    String json = encode(config, span);
    JsonNode encoded = spans(OtlpJson.parse(json.getBytes(StandardCharsets.UTF_8))).get(0);

    assertThat(json).doesNotContain("bob@example.com");
    assertThat(json).doesNotContain("sk-proj-abcdefghij");
    assertThat(json).doesNotContain("alice@example.org");
    assertThat(json).doesNotContain("carol@example.net");
    assertThat(text(encoded, LangfuseAttributes.OBSERVATION_INPUT))
        .isEqualTo("[{\"content\":\"mail [REDACTED]\"}]");
    assertThat(encoded.path("status").path("message").asText())
        .isEqualTo("HTTP 400: input mentions [REDACTED]");
  }

  @Test
  void largeInputIsTruncatedNotDropped() {
    AgentConfig config =
        OtlpJson.config("http://127.0.0.1:1", "LANGFUSE_AGENT_MAX_FIELD_BYTES", "4096");
    SpanData span = span();
    span.setAttribute(LangfuseAttributes.OBSERVATION_INPUT, "x".repeat(100_000));
    span.end(20L);
    AgentStats stats = new AgentStats();

    List<ExportRequest> requests = new OtlpHttpExporter(config).encode(List.of(span), stats);
    JsonNode encoded = spans(OtlpJson.decode(requests.get(0))).get(0);

    assertThat(stats.droppedTotal()).isZero();
    assertThat(text(encoded, LangfuseAttributes.OBSERVATION_INPUT))
        .endsWith("...[truncated by langfuse-agent: 100000 bytes in total]")
        .hasSizeLessThanOrEqualTo(4096);
  }

  @Test
  void configuredTagsOnEverySpan() {
    AgentConfig config = OtlpJson.config("http://127.0.0.1:1", "LANGFUSE_TAGS", "prod,checkout");
    SpanData plain = span();
    plain.end(20L);
    SpanData tagged = span();
    tagged.setAttribute(LangfuseAttributes.TRACE_TAGS, List.of("beta", "prod"));
    tagged.end(20L);

    List<ExportRequest> requests =
        new OtlpHttpExporter(config).encode(List.of(plain, tagged), new AgentStats());
    List<JsonNode> encoded = spans(OtlpJson.decode(requests.get(0)));

    assertThat(tags(encoded.get(0))).containsExactly("prod", "checkout");
    assertThat(tags(encoded.get(1))).containsExactly("beta", "prod", "checkout");
  }

  @Test
  void noTagsWithoutConfiguration() {
    SpanData span = span();
    span.end(20L);

    String json = encode(OtlpJson.config("http://127.0.0.1:1"), span);

    assertThat(json).doesNotContain(LangfuseAttributes.TRACE_TAGS);
  }

  private static SpanData span() {
    return SpanData.forTest(TRACE_ID, SPAN_ID, null, "chat", 10L);
  }

  private static String encode(AgentConfig config, SpanData span) {
    List<ExportRequest> requests = new OtlpHttpExporter(config).encode(List.of(span), new AgentStats());
    assertThat(requests).hasSize(1);
    return new String(OtlpJson.gunzip(requests.get(0).body()), StandardCharsets.UTF_8);
  }

  private static String text(JsonNode span, String key) {
    return attribute(span, key).path("stringValue").asText();
  }

  private static List<String> tags(JsonNode span) {
    List<String> tags = new ArrayList<>();
    attribute(span, LangfuseAttributes.TRACE_TAGS)
        .path("arrayValue")
        .path("values")
        .forEach(value -> tags.add(value.path("stringValue").asText()));
    return tags;
  }
}
