package com.langfuse.agent.instrumentation.bedrock;

import java.util.function.Consumer;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.SdkPublisher;

/**
 * A publisher that passes each item to an observer before the subscriber sees it, and otherwise
 * forwards every signal unchanged. The observer must not throw.
 */
final class ObservedPublisher<T> implements SdkPublisher<T> {

  private final SdkPublisher<T> upstream;
  private final Consumer<Object> observer;

  ObservedPublisher(SdkPublisher<T> upstream, Consumer<Object> observer) {
    this.upstream = upstream;
    this.observer = observer;
  }

  @Override
  public void subscribe(Subscriber<? super T> subscriber) {
    upstream.subscribe(new ObservingSubscriber<>(subscriber, observer));
  }

  private static final class ObservingSubscriber<T> implements Subscriber<T> {
    private final Subscriber<? super T> downstream;
    private final Consumer<Object> observer;

    ObservingSubscriber(Subscriber<? super T> downstream, Consumer<Object> observer) {
      this.downstream = downstream;
      this.observer = observer;
    }

    @Override
    public void onSubscribe(Subscription subscription) {
      downstream.onSubscribe(subscription);
    }

    @Override
    public void onNext(T item) {
      observer.accept(item);
      downstream.onNext(item);
    }

    @Override
    public void onError(Throwable error) {
      downstream.onError(error);
    }

    @Override
    public void onComplete() {
      downstream.onComplete();
    }
  }
}
