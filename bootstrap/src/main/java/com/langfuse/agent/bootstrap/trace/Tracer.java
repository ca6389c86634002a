package com.langfuse.agent.bootstrap.trace;

import com.langfuse.agent.bootstrap.AgentLog;

/**
 * Starts spans and hands ended spans to the installed {@link SpanSink}.
 *
 * <p>A span started with no current span is a child of the {@link RemoteParent} that this process
 * inherited from the process that started it, or else the root of a new trace.
 */
public final class Tracer {

  private static volatile SpanSink sink = SpanSink.DISCARD;
  private static volatile RemoteParent remoteParent;

  private Tracer() {}

  /** Installs where ended spans go; the agent calls this once its exporter exists. */
  public static void setSink(SpanSink newSink) {
    sink = newSink == null ? SpanSink.DISCARD : newSink;
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
   * Starts a span under the current span. With none, it starts under the remote parent and takes
   * the Langfuse session and user id from its baggage, or else it starts a new trace.
   */
  public static SpanData startSpan(String name, String observationType, int kind) {
    SpanData current = CurrentSpan.get();
    RemoteParent remote = remoteParent;
    if (current != null || remote == null) {
      return startSpan(name, observationType, kind, current);
    }
    SpanData span = startSpan(name, observationType, kind, remote.traceId(), remote.spanId());
    if (remote.sessionId() != null) {
      span.setAttribute(LangfuseAttributes.SESSION_ID, remote.sessionId());
    }
    if (remote.userId() != null) {
      span.setAttribute(LangfuseAttributes.USER_ID, remote.userId());
    }
    return span;
  }

  /** Starts a span under {@code parent}, or as a new trace root when it is null. */
  public static SpanData startSpan(String name, String observationType, int kind, SpanData parent) {
    String traceId = parent != null ? parent.traceId() : IdGenerator.newTraceId();
    String parentId = parent != null ? parent.spanId() : null;
    return startSpan(name, observationType, kind, traceId, parentId);
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

  static void onEnd(SpanData span) {
    try {
      sink.accept(span);
    } catch (Throwable t) {
      AgentLog.rateLimited(
          AgentLog.Level.WARN, "sink-failed", "handing an ended span to the exporter failed: " + t);
    }
  }
}
