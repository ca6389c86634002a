package com.langfuse.agent.instrumentation.process;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.RemoteParent;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.W3cBaggage;
import java.util.Map;

/**
 * Writes the process span's context into a child's environment as TRACEPARENT, TRACESTATE and
 * BAGGAGE, the names the OpenTelemetry specification "Environment Variables as Context Propagation
 * Carriers" gives the W3C headers, and puts the previous values back after the start.
 */
final class TraceContextEnvironment {

  /** The flags sent for a sampled trace when this process has no remote parent in it. */
  private static final String SAMPLED = "01";

  /** The flags sent for a trace the sampler left out, so the child leaves it out too. */
  private static final String NOT_SAMPLED = "00";

  private final Map<String, String> environment;
  private final String previousTraceparent;
  private final String previousTracestate;
  private final String previousBaggage;

  private TraceContextEnvironment(Map<String, String> environment) {
    this.environment = environment;
    this.previousTraceparent = environment.get(RemoteParent.TRACEPARENT);
    this.previousTracestate = environment.get(RemoteParent.TRACESTATE);
    this.previousBaggage = environment.get(RemoteParent.BAGGAGE);
  }

  /**
   * Sets the variables in {@code environment}, a {@code ProcessBuilder}'s, so the child continues
   * the trace under {@code span}. Returns the change to undo after the start, or null when the
   * application set its own TRACEPARENT there: a value that differs from the one this process
   * inherited ({@code inheritedTraceparent}), which is then left as it is, with TRACESTATE and
   * BAGGAGE.
   */
  static TraceContextEnvironment inject(
      Map<String, String> environment,
      SpanData span,
      SpanData parent,
      RemoteParent remote,
      String inheritedTraceparent) {
    String existing = environment.get(RemoteParent.TRACEPARENT);
    if (existing != null && !existing.equals(inheritedTraceparent)) {
      return null;
    }
    TraceContextEnvironment change = new TraceContextEnvironment(environment);

    boolean sameTrace = remote != null && remote.traceId().equals(span.traceId());
    String flags = sameTrace ? remote.traceFlags() : (span.isSampled() ? SAMPLED : NOT_SAMPLED);
    environment.put(
        RemoteParent.TRACEPARENT, "00-" + span.traceId() + "-" + span.spanId() + "-" + flags);
    if (sameTrace && remote.traceState() != null) {
      environment.put(RemoteParent.TRACESTATE, remote.traceState());
    } else {
      // An inherited TRACESTATE belongs to another trace.
      environment.remove(RemoteParent.TRACESTATE);
    }

    Map<String, String> baggage = W3cBaggage.parse(change.previousBaggage);
    putIfKnown(
        baggage, RemoteParent.BAGGAGE_SESSION_ID, LangfuseAttributes.SESSION_ID, span, parent);
    putIfKnown(baggage, RemoteParent.BAGGAGE_USER_ID, LangfuseAttributes.USER_ID, span, parent);
    String header = W3cBaggage.format(baggage);
    if (header != null) {
      environment.put(RemoteParent.BAGGAGE, header);
    }
    return change;
  }

  /** Puts the three variables back as they were before {@link #inject}. */
  void restore() {
    restore(RemoteParent.TRACEPARENT, previousTraceparent);
    restore(RemoteParent.TRACESTATE, previousTracestate);
    restore(RemoteParent.BAGGAGE, previousBaggage);
  }

  private void restore(String name, String previous) {
    if (previous == null) {
      environment.remove(name);
    } else {
      environment.put(name, previous);
    }
  }

  /** Copies a Langfuse id from the span, or else from its parent, into the baggage. */
  private static void putIfKnown(
      Map<String, String> baggage, String key, String attribute, SpanData span, SpanData parent) {
    Object value = span.attribute(attribute);
    if (value == null && parent != null) {
      value = parent.attribute(attribute);
    }
    if (value instanceof String) {
      baggage.put(key, (String) value);
    }
  }
}
