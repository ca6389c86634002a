package com.langfuse.agent.instrumentation.springai;

import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.SpanData;
import java.util.function.Function;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Observes a {@code Flux} of a streamed call. Each subscription starts its own observation (a new
 * subscription sends a new request), feeds it every signal, and ends it on complete, error or
 * cancel.
 *
 * <p>Reactor delivers and subscribes on threads our executor instrumentation does not cover (the
 * HTTP client's event loop, {@code boundedElastic}), so the spans travel with the stream instead:
 *
 * <ul>
 *   <li>the observed span goes into the Reactor context, where observations further upstream find
 *       their parent;
 *   <li>the observed span is current while the upstream is subscribed, where an SDK call made at
 *       subscription finds it;
 *   <li>the observed span's parent is current while a signal goes downstream, where Spring AI
 *       starts its tool calls and next round trip;
 * </ul>
 *
 * <p>Tasks that Spring AI schedules on Reactor's schedulers during a stream (its tool calls) get
 * the current span from the {@code reactor} module, which wraps every scheduled task.
 */
final class ObservedFlux {

  private ObservedFlux() {}

  /**
   * Returns {@code source} observed by what {@code observers} returns for each subscription, given
   * the subscriber's context; {@code source} itself when it returns null.
   */
  static <T> Flux<T> observe(Flux<T> source, Function<ContextView, StreamObserver<T>> observers) {
    return Flux.deferContextual(
        context -> {
          StreamObserver<T> observer = startObserver(observers, context);
          if (observer == null) {
            return source;
          }
          SpanData span = observer.span();
          Flux<T> withContext =
              source.contextWrite(upstream -> upstream.put(SpringAiSpans.CONTEXT_KEY, span));
          return new Observed<>(withContext, observer);
        });
  }

  /** Returns the span an observed stream downstream of this subscription passed up, or null. */
  static SpanData parentFrom(ContextView context) {
    Object span = context.getOrDefault(SpringAiSpans.CONTEXT_KEY, null);
    return span instanceof SpanData ? (SpanData) span : null;
  }

  private static <T> StreamObserver<T> startObserver(
      Function<ContextView, StreamObserver<T>> observers, ContextView context) {
    try {
      return observers.apply(context);
    } catch (Throwable t) {
      SpringAiSpans.logCaptureFailure("starting a stream observation", t);
      return null;
    }
  }

  /** Subscribes to its source with the observed span current, through an {@link Observer}. */
  private static final class Observed<T> extends Flux<T> {
    private final Flux<T> source;
    private final StreamObserver<T> observer;

    Observed(Flux<T> source, StreamObserver<T> observer) {
      this.source = source;
      this.observer = observer;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
      try (CurrentSpan.Scope ignored = CurrentSpan.makeCurrent(observer.span())) {
        source.subscribe(new Observer<>(actual, observer));
      }
    }
  }

  /**
   * Feeds each signal to the observer, then passes it on with the observed span's parent current.
   * The observer never throws, so the stream sees exactly the signals it would without it.
   */
  private static final class Observer<T> implements CoreSubscriber<T>, Subscription {
    private final CoreSubscriber<? super T> actual;
    private final StreamObserver<T> observer;
    private Subscription upstream;

    Observer(CoreSubscriber<? super T> actual, StreamObserver<T> observer) {
      this.actual = actual;
      this.observer = observer;
    }

    @Override
    public Context currentContext() {
      return actual.currentContext();
    }

    @Override
    public void onSubscribe(Subscription subscription) {
      upstream = subscription;
      actual.onSubscribe(this);
    }

    @Override
    public void onNext(T item) {
      observer.onNext(item);
      try (CurrentSpan.Scope ignored = scopeOfParent()) {
        actual.onNext(item);
      }
    }

    @Override
    public void onError(Throwable error) {
      observer.onError(error);
      try (CurrentSpan.Scope ignored = scopeOfParent()) {
        actual.onError(error);
      }
    }

    @Override
    public void onComplete() {
      observer.onComplete();
      try (CurrentSpan.Scope ignored = scopeOfParent()) {
        actual.onComplete();
      }
    }

    @Override
    public void request(long n) {
      upstream.request(n);
    }

    @Override
    public void cancel() {
      observer.onCancel();
      upstream.cancel();
    }

    private CurrentSpan.Scope scopeOfParent() {
      return CurrentSpan.makeCurrent(observer.parent());
    }
  }
}
