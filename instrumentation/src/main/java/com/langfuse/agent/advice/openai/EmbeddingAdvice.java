package com.langfuse.agent.advice.openai;

import com.langfuse.agent.bootstrap.bridge.Bridge;
import com.langfuse.agent.instrumentation.openai.OpenAiOperations;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice for the embeddings methods of {@code EmbeddingServiceImpl}, its {@code
 * WithRawResponseImpl} and {@code EmbeddingServiceAsyncImpl}. One nested class per method form.
 *
 * <p>Byte Buddy inlines these methods into the SDK classes, so they call only the bootstrap {@link
 * Bridge}. The handler name and the operation codes are compile-time constants, which javac copies
 * into the advice, so the classes that declare them are never loaded from it.
 */
public final class EmbeddingAdvice {

  private EmbeddingAdvice() {}

  /** Traces {@code create}. */
  public static final class Create {

    private Create() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object service, @Advice.Argument(0) Object params) {
      return Bridge.enter(
          OpenAiInstrumentationModule.HANDLER, OpenAiOperations.EMBEDDINGS_CREATE, service, params);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned = Bridge.exit(state, OpenAiOperations.EMBEDDINGS_CREATE, returned, thrown);
    }
  }

  /** Traces {@code withRawResponse().create}. */
  public static final class RawCreate {

    private RawCreate() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object service, @Advice.Argument(0) Object params) {
      return Bridge.enter(
          OpenAiInstrumentationModule.HANDLER,
          OpenAiOperations.EMBEDDINGS_RAW_CREATE,
          service,
          params);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned = Bridge.exit(state, OpenAiOperations.EMBEDDINGS_RAW_CREATE, returned, thrown);
    }
  }

  /** Traces {@code create} of the async service. */
  public static final class AsyncCreate {

    private AsyncCreate() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object service, @Advice.Argument(0) Object params) {
      return Bridge.enter(
          OpenAiInstrumentationModule.HANDLER,
          OpenAiOperations.EMBEDDINGS_ASYNC_CREATE,
          service,
          params);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned = Bridge.exit(state, OpenAiOperations.EMBEDDINGS_ASYNC_CREATE, returned, thrown);
    }
  }
}
