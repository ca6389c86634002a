package com.langfuse.agent.instrumentation.reactor;

import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.bridge.CallHandler;
import java.util.concurrent.Callable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Operators;

/**
 * Registers the operator hook that wraps subscribers in {@link SpanSubscriber}. The advice on the
 * static initializer of {@code Hooks} calls {@link #onEnter} once for each copy of Reactor.
 */
public final class ReactorHooks implements CallHandler {

  /** The key of the hook, so that {@code Hooks.resetOnEachOperator(key)} can remove it. */
  static final String HOOK_KEY = "com.langfuse.agent.span";

  public ReactorHooks() {}

  @Override
  public Object onEnter(int operation, Object self, Object arguments) {
    install();
    AgentLog.debug("reactor: operator hook " + HOOK_KEY + " registered");
    return null;
  }

  @Override
  public Object onExit(Object state, int operation, Object returned, Throwable thrown) {
    return returned;
  }

  /** Registers the hook; registering it again replaces it. */
  static void install() {
    Hooks.onEachOperator(
        HOOK_KEY,
        Operators.<Object>liftPublisher(
            ReactorHooks::carriesSpan, (publisher, subscriber) -> SpanSubscriber.wrap(subscriber)));
  }

  /**
   * Returns whether the operator's subscribers are wrapped. Sources that are a {@link Callable},
   * such as {@code Mono.just} and {@code Mono.fromCallable}, produce their value on the thread that
   * subscribes or requests, where the span is already current; left unwrapped, they keep the
   * shortcuts Reactor takes for them, such as running {@code fromCallable(..).subscribeOn(..)} as
   * one scheduled task.
   */
  @SuppressWarnings("rawtypes")
  static boolean carriesSpan(Publisher publisher) {
    return !(publisher instanceof Callable);
  }
}
