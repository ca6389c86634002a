package com.langfuse.agent.bootstrap.trace;

import com.langfuse.agent.bootstrap.AgentLog;
import java.util.Arrays;

/**
 * Starts spans and hands ended spans to the installed {@link SpanSink}.
 *
 * <p>A span started with no current span is a child of the {@link RemoteParent} that this process
 * inherited from the process that started it, or else the root of a new trace. Whether a trace is
 * sampled is decided once, when its root starts (or from the context that arrives from outside the
 * process), and every span started under it inherits that decision. A span of a sampled-out trace
 * records nothing and is counted, not exported, when it ends.
 */
public final class Tracer {

  private static final SpanStartListener[] NO_LISTENERS = new SpanStartListener[0];

  private static volatile SpanSink sink = SpanSink.DISCARD;
  private static volatile TraceSampler sampler = TraceSampler.ALWAYS;
  private static volatile SpanStartListener[] startListeners = NO_LISTENERS;
  private static volatile RemoteParent remoteParent;

  private Tracer() {}

  /** Installs where ended spans go; the agent calls this once its exporter exists. */
  public static void setSink(SpanSink newSink) {
    sink = newSink == null ? SpanSink.DISCARD : newSink;
  }

  /** Installs the sampler that decides for new traces; the agent calls this once at start. */
  public static void setSampler(TraceSampler newSampler) {
    sampler = newSampler == null ? TraceSampler.ALWAYS : newSampler;
  }

  /** Adds a listener that every sampled span is given when it starts. */
  public static synchronized void addStartListener(SpanStartListener listener) {
    SpanStartListener[] current = startListeners;
    SpanStartListener[] added = Arrays.copyOf(current, current.length + 1);
    added[current.length] = listener;
    startListeners = added;
  }

  /** Removes every start listener; for tests. */
  public static synchronized void clearStartListeners() {
    startListeners = NO_LISTENERS;
  }

  /** Installs the context inherited through TRACEPARENT; the agent calls this once at start. */
  public static void setRemoteParent(RemoteParent parent) {
    remoteParent = parent;
  }

  /** The context inherited through TRACEPARENT, or null. */
  public static RemoteParent remoteParent() {
    return remoteParent;
  }

  /**
   * Starts a span under the current span. With none, it starts under the remote parent, keeping
   * its sampling decision and taking the Langfuse session and user id from its baggage, or else
   * it starts a new trace.
   */
  public static SpanData startSpan(String name, String observationType, int kind) {
    SpanData current = CurrentSpan.get();
    RemoteParent remote = remoteParent;
    if (current != null || remote == null) {
      return startSpan(name, observationType, kind, current);
    }
    SpanData span =
        startSpan(
            name, observationType, kind, remote.traceId(), remote.spanId(), remote.isSampled());
    // The baggage applies after the start listeners, so the logging context of this thread wins.
    TraceIdentity.setIfAbsent(span, remote.userId(), remote.sessionId());
    return span;
  }

  /** Starts a span under {@code parent}, or as a new trace root when it is null. */
  public static SpanData startSpan(String name, String observationType, int kind, SpanData parent) {
    SpanData span;
    if (parent == null) {
      String traceId = IdGenerator.newTraceId();
      span = start(name, observationType, kind, traceId, null, sampler.isSampled(traceId));
    } else {
      span =
          start(
              name, observationType, kind, parent.traceId(), parent.spanId(), parent.isSampled());
    }
    inheritGate(parent, span, observationType);
    return span;
  }

  /**
   * Starts a span with an explicit trace id and parent span id, for context that arrives from
   * outside the process (a TRACEPARENT, another tracer's active span). The sampler decides from the
   * trace id, as every process of the trace does.
   */
  public static SpanData startSpan(
      String name, String observationType, int kind, String traceId, String parentSpanId) {
    return start(name, observationType, kind, traceId, parentSpanId, sampler.isSampled(traceId));
  }

  /**
   * Starts a span under a parent from outside the process whose sampling decision is known: the
   * sampled flag of a TRACEPARENT. That decision is kept, whatever the local sample rate.
   */
  public static SpanData startSpan(
      String name,
      String observationType,
      int kind,
      String traceId,
      String parentSpanId,
      boolean parentSampled) {
    return start(name, observationType, kind, traceId, parentSpanId, parentSampled);
  }

  private static SpanData start(
      String name,
      String observationType,
      int kind,
      String traceId,
      String parentSpanId,
      boolean sampled) {
    SpanData span =
        new SpanData(
            traceId, IdGenerator.newSpanId(), parentSpanId, name, kind, AgentClock.nowEpochNanos());
    if (!sampled) {
      span.markSampledOut();
      return span;
    }
    if (observationType != null) {
      span.setAttribute(LangfuseAttributes.OBSERVATION_TYPE, observationType);
    }
    notifyStart(span);
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

  private static void notifyStart(SpanData span) {
    for (SpanStartListener listener : startListeners) {
      try {
        listener.onStart(span);
      } catch (Throwable t) {
        AgentLog.rateLimited(
            AgentLog.Level.WARN,
            "start-listener-" + listener.getClass().getName(),
            "span start listener " + listener.getClass().getName() + " failed: " + t);
      }
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
