package com.langfuse.agent.instrumentation.genai;

import java.util.Comparator;
import java.util.Spliterator;
import java.util.function.Consumer;

/**
 * Passes each item of the SDK's stream to a {@link StreamObservation} before the application's
 * action, and reports the end of the stream and any failure of the SDK while reading it.
 *
 * <p>An exception thrown by the application's own action is not a failure of the call: it is
 * rethrown without marking the span, which then ends when the stream is closed or abandoned.
 */
public final class ObservedSpliterator<T> implements Spliterator<T> {

  private final Spliterator<T> source;
  private final StreamObservation<T> observation;
  private boolean inAction;

  public ObservedSpliterator(Spliterator<T> source, StreamObservation<T> observation) {
    this.source = source;
    this.observation = observation;
  }

  @Override
  public boolean tryAdvance(Consumer<? super T> action) {
    boolean advanced;
    try {
      advanced =
          source.tryAdvance(
              item -> {
                observation.onItem(item);
                inAction = true;
                action.accept(item);
                inAction = false;
              });
    } catch (RuntimeException | Error e) {
      if (!inAction) {
        observation.onError(e);
      }
      inAction = false;
      throw e;
    }
    if (!advanced) {
      observation.onComplete();
    }
    return advanced;
  }

  /** Never splits: an event stream is read in order, one item at a time. */
  @Override
  public Spliterator<T> trySplit() {
    return null;
  }

  @Override
  public long estimateSize() {
    return source.estimateSize();
  }

  @Override
  public int characteristics() {
    return source.characteristics();
  }

  @Override
  public Comparator<? super T> getComparator() {
    return source.getComparator();
  }
}
