package com.langfuse.agent.internal.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.config.AgentConfig;
import com.langfuse.agent.bootstrap.export.AgentStats;
import com.langfuse.agent.bootstrap.export.DropReason;
import com.langfuse.agent.bootstrap.export.ExportRequest;
import com.langfuse.agent.bootstrap.trace.IdGenerator;
import com.langfuse.agent.bootstrap.trace.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpanBatchEncoderTest {

  private static final int LIMIT = 2048;
  private static final String TRACE_ID = IdGenerator.newTraceId();

  private final AgentStats stats = new AgentStats();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  @AfterEach
  void restoreLog() {
    AgentLog.setOutput(System.err);
  }

  @Test
  void splitKeepsEveryRequestWithinLimit() {
    List<SpanData> batch = spans(40, 200);

    List<ExportRequest> requests = exporter(LIMIT).encode(batch, stats);

    assertThat(requests.size()).isGreaterThan(1);
    for (ExportRequest request : requests) {
      assertThat(OtlpJson.gunzip(request.body()).length).isLessThanOrEqualTo(LIMIT);
    }
  }

  @Test
  void splitPutsEverySpanInOneRequest() {
    List<SpanData> batch = spans(40, 200);

    List<ExportRequest> requests = exporter(LIMIT).encode(batch, stats);

    List<String> exported = new ArrayList<>();
    for (ExportRequest request : requests) {
      List<JsonNode> spans = OtlpJson.spans(OtlpJson.decode(request));
      assertThat(request.spanCount()).isEqualTo(spans.size());
      spans.forEach(span -> exported.add(span.path("spanId").asText()));
    }
    List<String> expected = new ArrayList<>();
    batch.forEach(span -> expected.add(span.spanId()));
    assertThat(exported).containsExactlyElementsOf(expected);
  }

  @Test
  void splitStartsRequestOnlyWhenFull() {
    List<SpanData> batch = spans(40, 200);

    List<ExportRequest> requests = exporter(LIMIT).encode(batch, stats);

    for (int i = 0; i + 1 < requests.size(); i++) {
      int size = OtlpJson.gunzip(requests.get(i).body()).length;
      JsonNode nextSpan = OtlpJson.spans(OtlpJson.decode(requests.get(i + 1))).get(0);
      // Compact JSON of plain ASCII text has the same length whichever writer produced it.
      int nextSpanBytes = nextSpan.toString().getBytes(StandardCharsets.UTF_8).length;
      assertThat(size + 1 + nextSpanBytes).isGreaterThan(LIMIT);
    }
  }

  @Test
  void oversizeSpanDroppedAsTooLarge() {
    captureLog();
    List<SpanData> batch = new ArrayList<>(spans(3, 50));
    SpanData huge = span("huge-generation", 5000);
    batch.add(1, huge);

    List<ExportRequest> requests = exporter(LIMIT).encode(batch, stats);

    assertThat(stats.dropped(DropReason.TOO_LARGE)).isEqualTo(1);
    Set<String> exported = new HashSet<>();
    for (ExportRequest request : requests) {
      OtlpJson.spans(OtlpJson.decode(request))
          .forEach(span -> exported.add(span.path("spanId").asText()));
    }
    assertThat(exported).hasSize(3);
    assertThat(exported).doesNotContain(huge.spanId());
    String warning = log.toString(StandardCharsets.UTF_8);
    assertThat(warning).contains("WARN");
    assertThat(warning).contains("huge-generation");
    assertThat(warning).contains("LANGFUSE_AGENT_MAX_REQUEST_BYTES=2048");
    assertThat(warning).containsPattern("encodes to \\d+ bytes");
  }

  @Test
  void failingSpanDroppedAsEncodingFailed() throws IOException {
    captureLog();
    AgentConfig config = OtlpJson.config("http://127.0.0.1:1");
    OtlpJsonWriter writer = new OtlpJsonWriter();
    SpanBatchEncoder.SpanWriter failOnBoom =
        (span, out) -> {
          if (span.name().equals("boom")) {
            throw new IllegalStateException("writer failed on purpose");
          }
          writer.writeSpan(span, out);
        };
    SpanBatchEncoder encoder =
        new SpanBatchEncoder(failOnBoom, writer.envelopePrefix(config), LIMIT);
    List<SpanData> batch = new ArrayList<>(spans(2, 10));
    batch.add(1, span("boom", 10));

    List<ExportRequest> requests = encoder.encode(batch, stats);

    assertThat(stats.dropped(DropReason.ENCODING_FAILED)).isEqualTo(1);
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).spanCount()).isEqualTo(2);
    assertThat(OtlpJson.spans(OtlpJson.decode(requests.get(0)))).hasSize(2);
    String warning = log.toString(StandardCharsets.UTF_8);
    assertThat(warning).contains("encoding span boom");
    assertThat(warning).contains("writer failed on purpose");
  }

  private void captureLog() {
    AgentLog.setOutput(new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  private static OtlpHttpExporter exporter(int maxRequestBytes) {
    return new OtlpHttpExporter(
        OtlpJson.config(
            "http://127.0.0.1:1",
            "LANGFUSE_AGENT_MAX_REQUEST_BYTES",
            Integer.toString(maxRequestBytes)));
  }

  private static List<SpanData> spans(int count, int attributeChars) {
    List<SpanData> spans = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      spans.add(span("span-" + i, attributeChars));
    }
    return spans;
  }

  private static SpanData span(String name, int attributeChars) {
    SpanData span = SpanData.forTest(TRACE_ID, IdGenerator.newSpanId(), null, name, 1_000L);
    span.setAttribute("langfuse.observation.input", "x".repeat(attributeChars));
    span.end(2_000L);
    return span;
  }
}
