package com.langfuse.agent.instrumentation.genai;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.Tracer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GenAiSpansTest {

  private static final GenAiProvider FRAMEWORK = new GenAiProvider("framework", e -> "failed");
  private static final GenAiProvider SDK = new GenAiProvider("sdk", e -> "failed");

  private final List<SpanData> ended = new CopyOnWriteArrayList<>();

  @BeforeEach
  void collectEndedSpans() {
    Tracer.setSink(ended::add);
  }

  @Test
  void startDemotesOpenEnclosingGeneration() {
    SpanData outer =
        GenAiSpans.start(
            FRAMEWORK, GenAiSpans.OPERATION_CHAT, LangfuseAttributes.TYPE_GENERATION, "m");
    SpanData inner;
    try (CurrentSpan.Scope scope = CurrentSpan.makeCurrent(outer)) {
      inner =
          GenAiSpans.start(SDK, GenAiSpans.OPERATION_CHAT, LangfuseAttributes.TYPE_GENERATION, "m");
    }

    assertThat(inner.parentSpanId()).isEqualTo(outer.spanId());
    assertThat(GenAiSpans.isGeneration(inner)).isTrue();
    assertThat(GenAiSpans.isGeneration(outer)).isFalse();
    assertThat(outer.attribute(LangfuseAttributes.OBSERVATION_TYPE))
        .isEqualTo(LangfuseAttributes.TYPE_SPAN);
    inner.end();
    outer.end();
  }

  @Test
  void startKeepsEnclosingPlainSpan() {
    SpanData root = Tracer.startSpan("request", LangfuseAttributes.TYPE_AGENT, SpanData.KIND_SERVER);
    try (CurrentSpan.Scope scope = CurrentSpan.makeCurrent(root)) {
      GenAiSpans.start(SDK, GenAiSpans.OPERATION_CHAT, LangfuseAttributes.TYPE_GENERATION, null)
          .end();
    }
    assertThat(root.attribute(LangfuseAttributes.OBSERVATION_TYPE))
        .isEqualTo(LangfuseAttributes.TYPE_AGENT);
    root.end();
  }

  @Test
  void embeddingKeepsEnclosingGeneration() {
    SpanData outer =
        GenAiSpans.start(
            FRAMEWORK, GenAiSpans.OPERATION_CHAT, LangfuseAttributes.TYPE_GENERATION, "m");
    try (CurrentSpan.Scope scope = CurrentSpan.makeCurrent(outer)) {
      GenAiSpans.start(
              SDK, GenAiSpans.OPERATION_EMBEDDINGS, LangfuseAttributes.TYPE_EMBEDDING, "e")
          .end();
    }
    assertThat(GenAiSpans.isGeneration(outer)).isTrue();
    outer.end();
  }

  @Test
  void startIgnoresEndedEnclosingGeneration() {
    SpanData outer =
        GenAiSpans.start(
            FRAMEWORK, GenAiSpans.OPERATION_CHAT, LangfuseAttributes.TYPE_GENERATION, "m");
    try (CurrentSpan.Scope scope = CurrentSpan.makeCurrent(outer)) {
      outer.end();
      GenAiSpans.start(SDK, GenAiSpans.OPERATION_CHAT, LangfuseAttributes.TYPE_GENERATION, "m")
          .end();
    }
    assertThat(GenAiSpans.isGeneration(outer)).isTrue();
  }

  @Test
  void describeFallsBackToClassName() {
    GenAiProvider broken =
        new GenAiProvider(
            "broken",
            e -> {
              throw new IllegalStateException("describer bug");
            });
    assertThat(broken.describe(new java.io.IOException("x"))).isEqualTo("java.io.IOException");
  }
}
