package com.langfuse.agent.instrumentation.anthropic;

import com.anthropic.core.http.StreamResponse;
import com.langfuse.agent.instrumentation.genai.ObservedSpliterator;
import com.langfuse.agent.instrumentation.genai.StreamObservation;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A {@link StreamResponse} that delegates to the SDK's and shows every item to a {@link
 * StreamObservation} on its way to the application.
 *
 * <p>The returned {@link Stream} closes this wrapper when it is closed, and holds it, so an
 * application that keeps only the stream does not have its span ended as abandoned.
 */
final class TracedStreamResponse<T> implements StreamResponse<T> {

  private final StreamResponse<T> delegate;
  private final StreamObservation<T> observation;

  TracedStreamResponse(StreamResponse<T> delegate, StreamObservation<T> observation) {
    this.delegate = delegate;
    this.observation = observation;
    observation.watch(this);
  }

  @Override
  public Stream<T> stream() {
    Stream<T> source;
    try {
      source = delegate.stream();
    } catch (RuntimeException | Error e) {
      observation.onError(e);
      throw e;
    }
    ObservedSpliterator<T> items = new ObservedSpliterator<>(source.spliterator(), observation);
    return StreamSupport.stream(items, source.isParallel())
        .onClose(source::close)
        .onClose(this::close);
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      observation.onClose();
    }
  }

  StreamObservation<T> observation() {
    return observation;
  }
}
