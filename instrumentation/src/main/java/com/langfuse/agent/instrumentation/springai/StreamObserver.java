package com.langfuse.agent.instrumentation.springai;

import com.langfuse.agent.bootstrap.trace.AgentClock;
import com.langfuse.agent.bootstrap.trace.SpanData;

/**
 * The span of one subscription to a streamed call, ended exactly once: on complete, on error, or
 * with a warning when the subscriber cancels first. Signals may arrive on any thread, so every
 * method synchronizes on the observer, and none throws into the stream.
 */
abstract class StreamObserver<T> {

  static final String CANCELLED = "stream cancelled before completion";

  private final SpanData span;
  private final SpanData parent;
  private long firstContentEpochNanos;
  private boolean ended;

  StreamObserver(SpanData span, SpanData parent) {
    this.span = span;
    this.parent = parent;
  }

  final SpanData span() {
    return span;
  }

  /** The span that was current where the stream was requested, or null. */
  final SpanData parent() {
    return parent;
  }

  final synchronized void onNext(T item) {
    if (ended) {
      return;
    }
    try {
      if (accumulate(item) && firstContentEpochNanos == 0) {
        firstContentEpochNanos = AgentClock.nowEpochNanos();
      }
    } catch (Throwable t) {
      SpringAiSpans.logCaptureFailure("reading a stream item", t);
    }
  }

  final void onComplete() {
    finish(null, null);
  }

  final void onError(Throwable error) {
    finish(error, null);
  }

  final void onCancel() {
    finish(null, CANCELLED);
  }

  /** Takes one item; returns whether it carried content (text or a tool call). */
  abstract boolean accumulate(T item);

  /** Sets what the items carried on the span, just before it ends. */
  abstract void recordTo(SpanData span, long firstContentEpochNanos);

  private synchronized void finish(Throwable error, String warning) {
    if (ended) {
      return;
    }
    ended = true;
    try {
      recordTo(span, firstContentEpochNanos);
      if (error != null) {
        SpringAiSpans.recordError(span, error);
      } else if (warning != null) {
        SpringAiSpans.markWarning(span, warning);
      }
    } catch (Throwable t) {
      SpringAiSpans.logCaptureFailure("recording a stream", t);
    } finally {
      span.end();
    }
  }
}
