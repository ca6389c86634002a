package com.langfuse.agent.instrumentation.springai;

import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.SpanData;
import java.util.function.Function;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.util.context.ContextView;

/**
 * Observes a {@code Flux} of a streamed call. Each subscription starts its own observation (a new
 * subscription sends a new request), feeds it every signal, and ends it on complete, error or
 * cancel.
 *
 * <p>Reactor may deliver and subscribe on threads our executor instrumentation does not cover (the
 * HTTP client's event loop, {@code boundedElastic}), so the span travels with the subscription
 * instead: it is put into the Reactor context, where observations further upstream find their
 * parent, and it is the current span while the upstream is subscribed, where an SDK call made at
 * subscription finds it.
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
          Flux<T> observed =
              source
                  .doOnNext(observer::onNext)
                  .doOnError(observer::onError)
                  .doOnComplete(observer::onComplete)
                  .doOnCancel(observer::onCancel)
                  .contextWrite(upstream -> upstream.put(SpringAiSpans.CONTEXT_KEY, span));
          return new ScopedSubscribe<>(observed, span);
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

  /** Subscribes to its source with {@code span} as the current span. */
  private static final class ScopedSubscribe<T> extends Flux<T> {
    private final Flux<T> source;
    private final SpanData span;

    ScopedSubscribe(Flux<T> source, SpanData span) {
      this.source = source;
      this.span = span;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
      try (CurrentSpan.Scope ignored = CurrentSpan.makeCurrent(span)) {
        source.subscribe(actual);
      }
    }
  }
}
