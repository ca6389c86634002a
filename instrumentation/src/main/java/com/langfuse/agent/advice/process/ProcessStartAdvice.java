package com.langfuse.agent.advice.process;

import com.langfuse.agent.bootstrap.bridge.Bridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice for {@code ProcessBuilder.start(Redirect[])}. Byte Buddy inlines it into the JDK class,
 * which lives in {@code java.base}, so it calls only the bootstrap {@link Bridge}; the installer
 * gives {@code java.base} a read edge to the bridge's module. The handler name and the operation
 * are compile-time constants, which javac copies into the advice.
 */
public final class ProcessStartAdvice {

  private ProcessStartAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object builder) {
    return Bridge.enter(
        ProcessInstrumentationModule.HANDLER, ProcessInstrumentationModule.START, builder, null);
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  public static void exit(
      @Advice.Enter Object state,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object process,
      @Advice.Thrown Throwable thrown) {
    Bridge.exit(state, ProcessInstrumentationModule.START, process, thrown);
  }
}
