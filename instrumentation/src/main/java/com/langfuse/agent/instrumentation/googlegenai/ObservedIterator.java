package com.langfuse.agent.instrumentation.googlegenai;

import com.langfuse.agent.instrumentation.genai.StreamObservation;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Passes each chunk of a {@code ResponseStream}'s iterator to its {@link StreamObservation} before
 * the application receives it, and reports the end of the stream and any failure of the SDK while
 * reading it. Every exception reaches the application unchanged.
 */
final class ObservedIterator<T> implements Iterator<T> {

  private final Iterator<T> source;
  private final StreamObservation<T> observation;

  ObservedIterator(Iterator<T> source, StreamObservation<T> observation) {
    this.source = source;
    this.observation = observation;
  }

  @Override
  public boolean hasNext() {
    boolean hasNext;
    try {
      hasNext = source.hasNext();
    } catch (RuntimeException | Error e) {
      observation.onError(e);
      throw e;
    }
    if (!hasNext) {
      observation.onComplete();
    }
    return hasNext;
  }

  @Override
  public T next() {
    T item;
    try {
      item = source.next();
    } catch (NoSuchElementException e) {
      observation.onComplete();
      throw e;
    } catch (RuntimeException | Error e) {
      observation.onError(e);
      throw e;
    }
    observation.onItem(item);
    return item;
  }

  @Override
  public void remove() {
    source.remove();
  }
}
