package com.langfuse.agent.advice.springai;

import com.langfuse.agent.bootstrap.bridge.ScopeBridge;
import com.langfuse.agent.instrumentation.springai.SpringAiOperations;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice for {@code call(Prompt)} and {@code stream(Prompt)} of a Spring AI chat model. It is
 * inlined into Spring AI's classes, so it calls only the bootstrap {@link ScopeBridge}.
 */
public final class ChatModelAdvice {

  private ChatModelAdvice() {}

  /** Traces {@code call(Prompt)}. */
  public static final class Call {

    private Call() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(
        @Advice.Origin Class<?> type, @Advice.This Object model, @Advice.Argument(0) Object prompt) {
      return ScopeBridge.enter(
          SpringAiInstrumentationModule.CHAT_MODEL_HANDLER,
          SpringAiOperations.CHAT_CALL,
          type,
          model,
          prompt);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      ScopeBridge.exit(state, SpringAiOperations.CHAT_CALL, returned, thrown);
    }
  }

  /** Traces {@code stream(Prompt)}: the returned {@code Flux} is replaced by an observed one. */
  public static final class Stream {

    private Stream() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(
        @Advice.Origin Class<?> type, @Advice.This Object model, @Advice.Argument(0) Object prompt) {
      return ScopeBridge.enter(
          SpringAiInstrumentationModule.CHAT_MODEL_HANDLER,
          SpringAiOperations.CHAT_STREAM,
          type,
          model,
          prompt);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned =
          ScopeBridge.exitReturning(state, SpringAiOperations.CHAT_STREAM, returned, thrown);
    }
  }
}
