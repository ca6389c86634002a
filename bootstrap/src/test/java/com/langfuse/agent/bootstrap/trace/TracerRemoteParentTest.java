package com.langfuse.agent.bootstrap.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TracerRemoteParentTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";

  @AfterEach
  void clearRemoteParent() {
    Tracer.setRemoteParent(null);
    Tracer.clearStartListeners();
  }

  @Test
  void rootSpanJoinsRemoteParent() {
    Tracer.setRemoteParent(remote("langfuse_session_id=s-1,langfuse_user_id=u-1"));

    SpanData span = Tracer.startSpan("chat", "generation", SpanData.KIND_CLIENT);

    assertThat(span.traceId()).isEqualTo(TRACE_ID);
    assertThat(span.parentSpanId()).isEqualTo(SPAN_ID);
    assertThat(span.attribute(LangfuseAttributes.SESSION_ID)).isEqualTo("s-1");
    assertThat(span.attribute(LangfuseAttributes.USER_ID)).isEqualTo("u-1");
  }

  @Test
  void currentSpanWinsOverRemoteParent() {
    Tracer.setRemoteParent(remote(null));
    SpanData local = Tracer.startSpan("local", "span", SpanData.KIND_INTERNAL, null);

    SpanData span;
    try (CurrentSpan.Scope scope = CurrentSpan.makeCurrent(local)) {
      span = Tracer.startSpan("chat", "generation", SpanData.KIND_CLIENT);
    }

    assertThat(span.traceId()).isEqualTo(local.traceId());
    assertThat(span.parentSpanId()).isEqualTo(local.spanId());
    assertThat(span.attribute(LangfuseAttributes.SESSION_ID)).isNull();
  }

  @Test
  void startListenerValueWinsOverBaggage() {
    Tracer.setRemoteParent(remote("langfuse_session_id=s-1,langfuse_user_id=u-1"));
    Tracer.addStartListener(span -> span.setAttribute(LangfuseAttributes.USER_ID, "from-mdc"));

    SpanData span = Tracer.startSpan("chat", "generation", SpanData.KIND_CLIENT);

    assertThat(span.attribute(LangfuseAttributes.USER_ID)).isEqualTo("from-mdc");
    assertThat(span.attribute(LangfuseAttributes.SESSION_ID)).isEqualTo("s-1");
  }

  @Test
  void withoutRemoteParentSpanIsRoot() {
    SpanData span = Tracer.startSpan("chat", "generation", SpanData.KIND_CLIENT);

    assertThat(span.parentSpanId()).isNull();
    assertThat(span.traceId()).isNotEqualTo(TRACE_ID);
  }

  private static RemoteParent remote(String baggage) {
    Map<String, String> environment =
        baggage == null
            ? Map.of("TRACEPARENT", "00-" + TRACE_ID + "-" + SPAN_ID + "-01")
            : Map.of("TRACEPARENT", "00-" + TRACE_ID + "-" + SPAN_ID + "-01", "BAGGAGE", baggage);
    return RemoteParent.read(environment::get, new ArrayList<>());
  }
}
