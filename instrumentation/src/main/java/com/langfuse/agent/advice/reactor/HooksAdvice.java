package com.langfuse.agent.advice.reactor;

import com.langfuse.agent.bootstrap.bridge.ScopeBridge;
import net.bytebuddy.asm.Advice;

/**
 * Advice for the static initializer of {@code reactor.core.publisher.Hooks}. Every operator is
 * assembled through {@code Hooks}, so registering the operator hook here, once per Reactor copy,
 * covers every operator the application builds. It calls only the bootstrap {@link ScopeBridge},
 * whose handler does the registration and returns no state.
 */
public final class HooksAdvice {

  private HooksAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Origin Class<?> hooks) {
    ScopeBridge.enter(ReactorInstrumentationModule.HOOKS_HANDLER, 0, hooks, null, null);
  }
}
