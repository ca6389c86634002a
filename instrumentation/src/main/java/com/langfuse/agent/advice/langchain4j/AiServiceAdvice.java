package com.langfuse.agent.advice.langchain4j;

import com.langfuse.agent.bootstrap.bridge.ScopeBridge;
import com.langfuse.agent.instrumentation.langchain4j.LangChain4jOperations;
import java.lang.reflect.Method;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice for the AI Service proxy's invocation handler and for the tool execution of the tool
 * service. It calls only the bootstrap {@link ScopeBridge}. The invocation handler's return value
 * goes to the helper in a one-element array, so the helper can replace a {@code TokenStream} with
 * a traced one.
 */
public final class AiServiceAdvice {

  private AiServiceAdvice() {}

  /** Traces {@code InvocationHandler.invoke(proxy, method, arguments)} of an AI Service. */
  public static final class Invoke {

    private Invoke() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(
        @Advice.Origin Class<?> type,
        @Advice.This Object invocationHandler,
        @Advice.Argument(1) Method method,
        @Advice.Argument(2) Object[] arguments) {
      return ScopeBridge.enter(
          LangChain4jInstrumentationModule.HANDLER,
          LangChain4jOperations.AI_SERVICE,
          type,
          invocationHandler,
          new Object[] {method, arguments});
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      Object[] result = new Object[] {returned};
      ScopeBridge.exit(state, LangChain4jOperations.AI_SERVICE, result, thrown);
      returned = result[0];
    }
  }

  /** Traces {@code ToolService.internalExecuteTool(context, executors, request, ...)}. */
  public static final class ExecuteTool {

    private ExecuteTool() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(
        @Advice.Origin Class<?> type,
        @Advice.This Object toolService,
        @Advice.Argument(2) Object request) {
      return ScopeBridge.enter(
          LangChain4jInstrumentationModule.HANDLER,
          LangChain4jOperations.TOOL,
          type,
          toolService,
          request);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      ScopeBridge.exit(state, LangChain4jOperations.TOOL, returned, thrown);
    }
  }

  /** Traces {@code execute(request, memoryId)} and {@code executeWithContext} of a tool. */
  public static final class ExecuteToolMethod {

    private ExecuteToolMethod() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(
        @Advice.Origin Class<?> type,
        @Advice.This Object executor,
        @Advice.Argument(0) Object request) {
      return ScopeBridge.enter(
          LangChain4jInstrumentationModule.HANDLER,
          LangChain4jOperations.TOOL,
          type,
          executor,
          request);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      ScopeBridge.exit(state, LangChain4jOperations.TOOL, returned, thrown);
    }
  }
}
