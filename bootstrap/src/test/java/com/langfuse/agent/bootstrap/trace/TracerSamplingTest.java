package com.langfuse.agent.bootstrap.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TracerSamplingTest {

  private final List<SpanData> ended = new ArrayList<>();

  @AfterEach
  void resetTracer() {
    Tracer.setSampler(TraceSampler.ALWAYS);
    Tracer.setSink(SpanSink.DISCARD);
    Tracer.clearStartListeners();
    ContentCapture.setEnabled(true);
  }

  @Test
  void rootDecidesForWholeTrace() {
    Tracer.setSampler(new TraceSampler(0.0));

    SpanData root = Tracer.startSpan("root", LangfuseAttributes.TYPE_AGENT, SpanData.KIND_INTERNAL);
    Tracer.setSampler(TraceSampler.ALWAYS);
    SpanData child =
        Tracer.startSpan("child", LangfuseAttributes.TYPE_GENERATION, SpanData.KIND_CLIENT, root);

    assertThat(root.isSampled()).isFalse();
    assertThat(child.isSampled()).isFalse();
    assertThat(child.traceId()).isEqualTo(root.traceId());
  }

  @Test
  void childOfSampledRootIsSampled() {
    SpanData root = Tracer.startSpan("root", LangfuseAttributes.TYPE_AGENT, SpanData.KIND_INTERNAL);
    Tracer.setSampler(new TraceSampler(0.0));
    SpanData child =
        Tracer.startSpan("child", LangfuseAttributes.TYPE_GENERATION, SpanData.KIND_CLIENT, root);

    assertThat(root.isSampled()).isTrue();
    assertThat(child.isSampled()).isTrue();
  }

  @Test
  void incomingSampledFlagWins() {
    Tracer.setSampler(new TraceSampler(0.0));
    SpanData kept =
        Tracer.startSpan(
            "kept", null, SpanData.KIND_SERVER, "0123456789abcdef0123456789abcdef", "0123456789abcdef", true);
    Tracer.setSampler(TraceSampler.ALWAYS);
    SpanData dropped =
        Tracer.startSpan(
            "dropped", null, SpanData.KIND_SERVER, "0123456789abcdef0123456789abcdef", "0123456789abcdef", false);

    assertThat(kept.isSampled()).isTrue();
    assertThat(dropped.isSampled()).isFalse();
  }

  @Test
  void externalParentWithoutFlagUsesTraceId() {
    Tracer.setSampler(new TraceSampler(0.5));

    SpanData high =
        Tracer.startSpan(
            "high", null, SpanData.KIND_SERVER, "000000000000000000ff000000000000", "0123456789abcdef");
    SpanData low =
        Tracer.startSpan(
            "low", null, SpanData.KIND_SERVER, "ffffffffffffffffff00000000000001", "0123456789abcdef");

    assertThat(high.isSampled()).isTrue();
    assertThat(low.isSampled()).isFalse();
  }

  @Test
  void sampledOutSpanRecordsNothing() {
    Tracer.setSampler(new TraceSampler(0.0));
    List<SpanData> started = new ArrayList<>();
    Tracer.addStartListener(started::add);

    SpanData span = Tracer.startSpan("chat", LangfuseAttributes.TYPE_GENERATION, SpanData.KIND_CLIENT);
    span.setAttribute(LangfuseAttributes.GEN_AI_REQUEST_MODEL, "gpt-4o-mini");
    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_INPUT,
        () -> {
          throw new AssertionError("a sampled-out span must not compute attributes");
        },
        10);

    assertThat(span.attributeCount()).isZero();
    assertThat(started).isEmpty();
  }

  @Test
  void sampledOutSpanStillReachesSink() {
    Tracer.setSampler(new TraceSampler(0.0));
    Tracer.setSink(ended::add);

    SpanData span = Tracer.startSpan("chat", LangfuseAttributes.TYPE_GENERATION, SpanData.KIND_CLIENT);
    span.end();

    assertThat(ended).containsExactly(span);
  }

  @Test
  void startListenerSeesSampledSpan() {
    Tracer.addStartListener(span -> span.setAttribute(LangfuseAttributes.USER_ID, "user-7"));

    SpanData span = Tracer.startSpan("chat", LangfuseAttributes.TYPE_GENERATION, SpanData.KIND_CLIENT);

    assertThat(span.attribute(LangfuseAttributes.USER_ID)).isEqualTo("user-7");
  }

  @Test
  void failingStartListenerIsContained() {
    Tracer.addStartListener(
        span -> {
          throw new IllegalStateException("broken listener");
        });
    Tracer.addStartListener(span -> span.setAttribute(LangfuseAttributes.SESSION_ID, "s-1"));

    SpanData span = Tracer.startSpan("chat", LangfuseAttributes.TYPE_GENERATION, SpanData.KIND_CLIENT);

    assertThat(span.attribute(LangfuseAttributes.SESSION_ID)).isEqualTo("s-1");
  }
}
