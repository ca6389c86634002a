package com.langfuse.agent.instrumentation.webflux;

import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.instrumentation.reactor.ReactorSpans;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * The {@code Mono<Void>} that {@code HttpWebHandlerAdapter.handle} returns, traced: subscribing
 * runs with the request span current, the span is stored in the subscriber context for the
 * operators upstream, and the span ends when the response completes, fails or is cancelled.
 * Every signal and the result reach the server unchanged.
 */
final class TracedRequestMono extends Mono<Void> {

  private final Mono<Void> source;
  private final WebFluxRequest call;

  TracedRequestMono(Mono<Void> source, WebFluxRequest call) {
    this.source = source;
    this.call = call;
  }

  @Override
  public void subscribe(CoreSubscriber<? super Void> actual) {
    try (CurrentSpan.Scope ignored = CurrentSpan.makeCurrent(call.span)) {
      source.subscribe(new EndingSubscriber(actual, call));
    }
  }

  /** Passes every signal through and ends the request span on the terminal signal or cancel. */
  private static final class EndingSubscriber implements CoreSubscriber<Void>, Subscription {
    private final CoreSubscriber<? super Void> actual;
    private final WebFluxRequest call;
    private final Context context;
    private Subscription upstream;

    EndingSubscriber(CoreSubscriber<? super Void> actual, WebFluxRequest call) {
      this.actual = actual;
      this.call = call;
      this.context = ReactorSpans.withSpan(actual.currentContext(), call.span);
    }

    @Override
    public Context currentContext() {
      return context;
    }

    @Override
    public void onSubscribe(Subscription subscription) {
      upstream = subscription;
      actual.onSubscribe(this);
    }

    @Override
    public void onNext(Void value) {
      actual.onNext(value);
    }

    @Override
    public void onError(Throwable error) {
      call.end(error, false);
      actual.onError(error);
    }

    @Override
    public void onComplete() {
      call.end(null, false);
      actual.onComplete();
    }

    @Override
    public void request(long n) {
      upstream.request(n);
    }

    @Override
    public void cancel() {
      upstream.cancel();
      call.end(null, true);
    }
  }
}
