package com.langfuse.agent.advice.methods;

import com.langfuse.agent.bootstrap.bridge.ScopeBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice for a method named in {@code LANGFUSE_TRACE_METHODS}. It is inlined into the application
 * class, so it calls only the bootstrap {@link ScopeBridge}, and it leaves the return value and any
 * exception untouched.
 */
public final class MethodAdvice {

  private MethodAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @Advice.Origin Class<?> type,
      @Advice.Origin("#m") String method,
      @Advice.AllArguments Object[] arguments) {
    return ScopeBridge.enter(
        MethodsInstrumentationModule.HANDLER, 0, type, type, new Object[] {method, arguments});
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  public static void exit(
      @Advice.Enter Object state,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
      @Advice.Thrown Throwable thrown) {
    ScopeBridge.exit(state, 0, returned, thrown);
  }
}
