package com.langfuse.agent.instrumentation.reactor;

import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.SpanData;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.util.context.Context;

/**
 * Wraps the subscriber of one operator so that every signal it receives runs with the
 * subscription's span current. Whichever thread delivers the signal (a Netty event loop, a
 * scheduler worker, the thread that completed a future), the previous span of that thread is
 * restored right after, so nothing stays behind on pooled threads.
 *
 * <p>The span is the one in the subscriber context, else the one current on the subscribing
 * thread, which is then added to the context that this subscriber shows upstream. A subscription
 * with neither is not wrapped at all.
 *
 * <p>The upstream subscription passes through unchanged, because a fused operator downstream casts
 * it to the {@code QueueSubscription} it expects. So a request or cancel sent from a thread without
 * the span, which is rare, runs without it. The wrapper itself is no {@code QueueSubscription}, so
 * Reactor turns off fusion across the wrapped operator: the results are the same, only computed
 * without that shortcut.
 */
final class SpanSubscriber<T> implements CoreSubscriber<T>, Scannable {

  private final CoreSubscriber<? super T> actual;
  private final SpanData span;
  private final Context context;
  private Subscription upstream;

  private SpanSubscriber(CoreSubscriber<? super T> actual, SpanData span, Context context) {
    this.actual = actual;
    this.span = span;
    this.context = context;
  }

  /** Returns {@code actual} wrapped under its subscription's span, or itself when it has none. */
  static <T> CoreSubscriber<? super T> wrap(CoreSubscriber<? super T> actual) {
    if (actual instanceof SpanSubscriber) {
      return actual;
    }
    Context context = actual.currentContext();
    SpanData span = ReactorSpans.spanOf(context);
    if (span != null) {
      return new SpanSubscriber<>(actual, span, context);
    }
    span = CurrentSpan.get();
    if (span == null) {
      return actual;
    }
    return new SpanSubscriber<>(actual, span, ReactorSpans.withSpan(context, span));
  }

  @Override
  public void onSubscribe(Subscription subscription) {
    upstream = subscription;
    try (CurrentSpan.Scope ignored = makeCurrent()) {
      actual.onSubscribe(subscription);
    }
  }

  @Override
  public void onNext(T value) {
    try (CurrentSpan.Scope ignored = makeCurrent()) {
      actual.onNext(value);
    }
  }

  @Override
  public void onError(Throwable error) {
    try (CurrentSpan.Scope ignored = makeCurrent()) {
      actual.onError(error);
    }
  }

  @Override
  public void onComplete() {
    try (CurrentSpan.Scope ignored = makeCurrent()) {
      actual.onComplete();
    }
  }

  @Override
  public Context currentContext() {
    return context;
  }

  @Override
  public Object scanUnsafe(Attr key) {
    if (key == Attr.PARENT) {
      return upstream;
    }
    if (key == Attr.ACTUAL) {
      return actual;
    }
    return null;
  }

  /**
   * Makes the span current, or returns null, which try-with-resources skips, when it already is,
   * as for the nested signals of one pipeline on one thread.
   */
  private CurrentSpan.Scope makeCurrent() {
    return CurrentSpan.get() == span ? null : CurrentSpan.makeCurrent(span);
  }
}
