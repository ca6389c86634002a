package com.langfuse.agent.advice.bedrock;

import com.langfuse.agent.bootstrap.bridge.Bridge;
import com.langfuse.agent.instrumentation.bedrock.BedrockOperations;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice for the methods of {@code DefaultBedrockRuntimeClient} and {@code
 * DefaultBedrockRuntimeAsyncClient}. One nested class per method.
 *
 * <p>Byte Buddy inlines these methods into the SDK classes, so they call only the bootstrap {@link
 * Bridge}. The handler name and the operation codes are compile-time constants, which javac copies
 * into the advice, so the classes that declare them are never loaded from it.
 */
public final class BedrockAdvice {

  private BedrockAdvice() {}

  /** Traces {@code BedrockRuntimeClient.converse}. */
  public static final class Converse {

    private Converse() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object client, @Advice.Argument(0) Object request) {
      return Bridge.enter(
          BedrockInstrumentationModule.HANDLER, BedrockOperations.CONVERSE, client, request);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned = Bridge.exit(state, BedrockOperations.CONVERSE, returned, thrown);
    }
  }

  /** Traces {@code BedrockRuntimeClient.invokeModel}. */
  public static final class InvokeModel {

    private InvokeModel() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object client, @Advice.Argument(0) Object request) {
      return Bridge.enter(
          BedrockInstrumentationModule.HANDLER, BedrockOperations.INVOKE_MODEL, client, request);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned = Bridge.exit(state, BedrockOperations.INVOKE_MODEL, returned, thrown);
    }
  }

  /** Traces {@code BedrockRuntimeAsyncClient.converse}. */
  public static final class AsyncConverse {

    private AsyncConverse() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object client, @Advice.Argument(0) Object request) {
      return Bridge.enter(
          BedrockInstrumentationModule.HANDLER, BedrockOperations.CONVERSE_ASYNC, client, request);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned = Bridge.exit(state, BedrockOperations.CONVERSE_ASYNC, returned, thrown);
    }
  }

  /** Traces {@code BedrockRuntimeAsyncClient.invokeModel}. */
  public static final class AsyncInvokeModel {

    private AsyncInvokeModel() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object client, @Advice.Argument(0) Object request) {
      return Bridge.enter(
          BedrockInstrumentationModule.HANDLER,
          BedrockOperations.INVOKE_MODEL_ASYNC,
          client,
          request);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned = Bridge.exit(state, BedrockOperations.INVOKE_MODEL_ASYNC, returned, thrown);
    }
  }

  /**
   * Traces {@code BedrockRuntimeAsyncClient.converseStream}. The request and the application's
   * response handler go to the bridge as one array, and the handler that comes back in the array's
   * second element, which observes the stream, is what the SDK receives. When tracing is off or
   * fails, that element is the application's handler itself.
   */
  public static final class ConverseStream {

    private ConverseStream() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(
        @Advice.This Object client,
        @Advice.Argument(0) Object request,
        @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC)
            Object handler) {
      Object[] call = {request, handler};
      Object state =
          Bridge.enter(
              BedrockInstrumentationModule.HANDLER,
              BedrockOperations.CONVERSE_STREAM,
              client,
              call);
      handler = call[1];
      return state;
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned = Bridge.exit(state, BedrockOperations.CONVERSE_STREAM, returned, thrown);
    }
  }

  /**
   * Traces {@code BedrockRuntimeAsyncClient.invokeModelWithResponseStream}, passing the request and
   * the response handler to the bridge as {@link ConverseStream} does.
   */
  public static final class InvokeModelStream {

    private InvokeModelStream() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(
        @Advice.This Object client,
        @Advice.Argument(0) Object request,
        @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC)
            Object handler) {
      Object[] call = {request, handler};
      Object state =
          Bridge.enter(
              BedrockInstrumentationModule.HANDLER,
              BedrockOperations.INVOKE_MODEL_STREAM,
              client,
              call);
      handler = call[1];
      return state;
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned = Bridge.exit(state, BedrockOperations.INVOKE_MODEL_STREAM, returned, thrown);
    }
  }
}
