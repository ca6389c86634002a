package com.langfuse.agent.advice.langchain4j;

import com.langfuse.agent.bootstrap.bridge.ScopeBridge;
import com.langfuse.agent.instrumentation.langchain4j.LangChain4jOperations;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice for {@code EmbeddingModel.embedAll(List)}, in the interface and in the provider classes
 * that implement it, and for the default {@code embed(EmbeddingRequest)} of newer versions. It
 * calls only the bootstrap {@link ScopeBridge}.
 */
public final class EmbeddingModelAdvice {

  private EmbeddingModelAdvice() {}

  /** Traces {@code embedAll(List<TextSegment>)}. */
  public static final class EmbedAll {

    private EmbedAll() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(
        @Advice.Origin Class<?> type,
        @Advice.This Object model,
        @Advice.Argument(0) Object segments) {
      return ScopeBridge.enter(
          LangChain4jInstrumentationModule.HANDLER,
          LangChain4jOperations.EMBED_ALL,
          type,
          model,
          segments);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      ScopeBridge.exit(state, LangChain4jOperations.EMBED_ALL, returned, thrown);
    }
  }

  /** Traces {@code embed(EmbeddingRequest)}. */
  public static final class EmbedRequest {

    private EmbedRequest() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(
        @Advice.Origin Class<?> type,
        @Advice.This Object model,
        @Advice.Argument(0) Object request) {
      return ScopeBridge.enter(
          LangChain4jInstrumentationModule.HANDLER,
          LangChain4jOperations.EMBED_REQUEST,
          type,
          model,
          request);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      ScopeBridge.exit(state, LangChain4jOperations.EMBED_REQUEST, returned, thrown);
    }
  }
}
