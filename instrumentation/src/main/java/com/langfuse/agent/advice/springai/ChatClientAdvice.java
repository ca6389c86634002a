package com.langfuse.agent.advice.springai;

import com.langfuse.agent.bootstrap.bridge.ScopeBridge;
import com.langfuse.agent.instrumentation.springai.SpringAiOperations;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice for the blocking call of Spring AI's {@code ChatClient}: a {@code chain} span, current
 * while the advisors, the chat model calls and the tool executions run.
 */
public final class ChatClientAdvice {

  private ChatClientAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @Advice.Origin Class<?> type, @Advice.This Object spec, @Advice.Argument(0) Object request) {
    return ScopeBridge.enter(
        SpringAiInstrumentationModule.CHAT_MODEL_HANDLER,
        SpringAiOperations.CHAT_CLIENT_CALL,
        type,
        spec,
        request);
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  public static void exit(
      @Advice.Enter Object state,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
      @Advice.Thrown Throwable thrown) {
    ScopeBridge.exit(state, SpringAiOperations.CHAT_CLIENT_CALL, returned, thrown);
  }
}
