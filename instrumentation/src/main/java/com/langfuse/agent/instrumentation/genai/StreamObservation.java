package com.langfuse.agent.instrumentation.genai;

import com.langfuse.agent.bootstrap.trace.AgentCleaner;
import com.langfuse.agent.bootstrap.trace.SpanData;
import java.lang.ref.Cleaner;

/**
 * The span of one streamed response, ended exactly once by whichever comes first: the stream is
 * exhausted, it fails, the application closes it, or the application drops it unclosed and the
 * garbage collector reclaims its wrapper.
 *
 * <p>Items may arrive on a callback thread while the application closes the stream on another, so
 * every method synchronizes on the observation.
 */
public final class StreamObservation<T> {

  public static final String CLOSED_EARLY = "stream closed before completion";
  public static final String ABANDONED = "stream abandoned before completion";

  private final GenAiProvider provider;
  private final SpanData span;
  private StreamAccumulator<T> accumulator;
  private boolean ended;
  private Cleaner.Cleanable cleanable;

  public StreamObservation(
      GenAiProvider provider, SpanData span, StreamAccumulator<T> accumulator) {
    this.provider = provider;
    this.span = span;
    this.accumulator = accumulator;
  }

  /**
   * Ends the span as abandoned once {@code owner}, the wrapper the application holds, becomes
   * unreachable before the stream ended. The cleanup action holds this observation, never the
   * owner, or the owner could never be collected.
   */
  public synchronized void watch(Object owner) {
    if (cleanable == null && !ended) {
      cleanable = AgentCleaner.get().register(owner, new AbandonAction(this));
    }
  }

  public synchronized void onItem(T item) {
    if (ended) {
      return;
    }
    try {
      accumulator.add(item);
    } catch (Throwable t) {
      provider.logCaptureFailure("reading a stream item", t);
    }
  }

  /** The stream was exhausted. */
  public void onComplete() {
    finish(null, null);
  }

  /** Reading the stream failed with {@code error}, which the application receives as is. */
  public void onError(Throwable error) {
    finish(error, null);
  }

  /** The application closed the stream; a no-op when it had already ended. */
  public void onClose() {
    finish(null, CLOSED_EARLY);
  }

  public void onAbandoned() {
    finish(null, ABANDONED);
  }

  public synchronized boolean isEnded() {
    return ended;
  }

  private void finish(Throwable error, String warning) {
    Cleaner.Cleanable registration;
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      try {
        accumulator.recordTo(span);
        if (error != null) {
          span.recordError(provider.describe(error));
        } else if (warning != null) {
          Generation.markWarning(span, warning);
        }
      } catch (Throwable t) {
        provider.logCaptureFailure("recording a stream", t);
      } finally {
        accumulator = null;
        span.end();
      }
      registration = cleanable;
      cleanable = null;
    }
    if (registration != null) {
      // Unregisters from the cleaner; the action it runs now finds the span ended.
      registration.clean();
    }
  }

  /** Ends an abandoned stream's span; runs on the cleaner thread. */
  private static final class AbandonAction implements Runnable {
    private final StreamObservation<?> observation;

    AbandonAction(StreamObservation<?> observation) {
      this.observation = observation;
    }

    @Override
    public void run() {
      observation.onAbandoned();
    }
  }
}
