package com.langfuse.agent.instrumentation.openai;

import com.langfuse.agent.instrumentation.genai.StreamObservation;
import com.openai.core.http.AsyncStreamResponse;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * An {@link AsyncStreamResponse} that delegates to the SDK's and wraps the application's handler so
 * that a {@link StreamObservation} sees every item and the end of the stream.
 *
 * <p>The wrapped handler holds this wrapper, so while the SDK still delivers items the wrapper
 * stays reachable and its span is not ended as abandoned.
 */
final class TracedAsyncStreamResponse<T> implements AsyncStreamResponse<T> {

  private final AsyncStreamResponse<T> delegate;
  private final StreamObservation<T> observation;

  TracedAsyncStreamResponse(AsyncStreamResponse<T> delegate, StreamObservation<T> observation) {
    this.delegate = delegate;
    this.observation = observation;
    observation.watch(this);
  }

  @Override
  public AsyncStreamResponse<T> subscribe(Handler<? super T> handler) {
    delegate.subscribe(new ObservingHandler<>(handler, this));
    return this;
  }

  @Override
  public AsyncStreamResponse<T> subscribe(Handler<? super T> handler, Executor executor) {
    delegate.subscribe(new ObservingHandler<>(handler, this), executor);
    return this;
  }

  @Override
  public CompletableFuture<Void> onCompleteFuture() {
    return delegate.onCompleteFuture();
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      observation.onClose();
    }
  }

  /** Shows each item and the end of the stream to the observation, then to the application. */
  private static final class ObservingHandler<T> implements Handler<T> {
    private final Handler<? super T> handler;
    private final TracedAsyncStreamResponse<T> owner;

    ObservingHandler(Handler<? super T> handler, TracedAsyncStreamResponse<T> owner) {
      this.handler = handler;
      this.owner = owner;
    }

    @Override
    public void onNext(T item) {
      owner.observation.onItem(item);
      handler.onNext(item);
    }

    @Override
    public void onComplete(Optional<Throwable> error) {
      if (error.isPresent()) {
        owner.observation.onError(OpenAiCallHandler.unwrap(error.get()));
      } else {
        owner.observation.onComplete();
      }
      handler.onComplete(error);
    }
  }
}
