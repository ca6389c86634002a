package com.langfuse.agent.bootstrap.trace;

/**
 * Called by {@link Tracer} for every sampled span it starts, on the thread that starts it, to add
 * attributes from that thread's context (the logging MDC, a request's headers).
 *
 * <p>Implementations run on the application thread: they must be cheap and must not block. The
 * Tracer catches what they throw. An instrumentation that sets the same attribute after the start
 * overrides the listener's value.
 */
@FunctionalInterface
public interface SpanStartListener {

  void onStart(SpanData span);
}
