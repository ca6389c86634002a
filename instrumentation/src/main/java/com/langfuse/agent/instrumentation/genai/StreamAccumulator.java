package com.langfuse.agent.instrumentation.genai;

import com.langfuse.agent.bootstrap.trace.SpanData;

/**
 * Collects the items of one streamed response and writes what arrived onto the span.
 *
 * <p>{@link StreamObservation} serializes every call, so implementations need no locking of their
 * own.
 */
public interface StreamAccumulator<T> {

  /** Takes one item as the application receives it. */
  void add(T item);

  /** Sets the response attributes (model, id, usage, output, first-token time) on {@code span}. */
  void recordTo(SpanData span);
}
