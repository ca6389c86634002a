package com.langfuse.agent.advice.springai;

import com.langfuse.agent.bootstrap.bridge.ScopeBridge;
import com.langfuse.agent.instrumentation.springai.SpringAiOperations;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice for {@code call(String, ToolContext)} of Spring AI's tool callbacks: one {@code tool}
 * span per execution, current while the tool runs.
 */
public final class ToolCallbackAdvice {

  private ToolCallbackAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(
      @Advice.Origin Class<?> type, @Advice.This Object tool, @Advice.Argument(0) Object input) {
    return ScopeBridge.enter(
        SpringAiInstrumentationModule.CHAT_MODEL_HANDLER,
        SpringAiOperations.TOOL_CALL,
        type,
        tool,
        input);
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  public static void exit(
      @Advice.Enter Object state,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
      @Advice.Thrown Throwable thrown) {
    ScopeBridge.exit(state, SpringAiOperations.TOOL_CALL, returned, thrown);
  }
}
