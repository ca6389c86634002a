package com.langfuse.agent.bootstrap.trace;

import com.langfuse.agent.bootstrap.AgentLog;

/**
 * Starts spans and hands ended spans to the installed {@link SpanSink}.
 *
 * <p>A span started with no current span is the root of a new trace.
 */
public final class Tracer {

  private static volatile SpanSink sink = SpanSink.DISCARD;

  private Tracer() {}

  /** Installs where ended spans go; the agent calls this once its exporter exists. */
  public static void setSink(SpanSink newSink) {
    sink = newSink == null ? SpanSink.DISCARD : newSink;
  }

  /** Starts a span under the current span, or as a new trace root when there is none. */
  public static SpanData startSpan(String name, String observationType, int kind) {
    return startSpan(name, observationType, kind, CurrentSpan.get());
  }

  /** Starts a span under {@code parent}, or as a new trace root when it is null. */
  public static SpanData startSpan(String name, String observationType, int kind, SpanData parent) {
    String traceId = parent != null ? parent.traceId() : IdGenerator.newTraceId();
    String parentId = parent != null ? parent.spanId() : null;
    SpanData span = startSpan(name, observationType, kind, traceId, parentId);
    inheritGate(parent, span, observationType);
    return span;
  }

  /**
   * Starts a span with an explicit trace id and parent span id, for context that arrives from
   * outside the process (a TRACEPARENT, another tracer's active span).
   */
  public static SpanData startSpan(
      String name, String observationType, int kind, String traceId, String parentSpanId) {
    SpanData span =
        new SpanData(
            traceId, IdGenerator.newSpanId(), parentSpanId, name, kind, AgentClock.nowEpochNanos());
    if (observationType != null) {
      span.setAttribute(LangfuseAttributes.OBSERVATION_TYPE, observationType);
    }
    return span;
  }

  /** Applies the {@link TraceGate} rules to a span started under {@code parent}. */
  private static void inheritGate(SpanData parent, SpanData span, String observationType) {
    TraceGate gate = parent == null ? null : parent.gate();
    if (gate == null) {
      return;
    }
    if (TraceGate.isLlmCall(observationType)) {
      for (SpanData released : gate.open()) {
        deliver(released);
      }
    } else {
      span.setGate(gate);
    }
  }

  static void onEnd(SpanData span) {
    TraceGate gate = span.gate();
    if (gate == null || gate.admit(span)) {
      deliver(span);
    }
  }

  private static void deliver(SpanData span) {
    try {
      sink.accept(span);
    } catch (Throwable t) {
      AgentLog.rateLimited(
          AgentLog.Level.WARN, "sink-failed", "handing an ended span to the exporter failed: " + t);
    }
  }
}
