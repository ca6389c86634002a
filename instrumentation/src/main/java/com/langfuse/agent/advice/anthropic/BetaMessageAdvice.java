package com.langfuse.agent.advice.anthropic;

import com.langfuse.agent.bootstrap.bridge.Bridge;
import com.langfuse.agent.instrumentation.anthropic.AnthropicOperations;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice for the methods of the beta {@code MessageServiceImpl}, its {@code WithRawResponseImpl}
 * and {@code MessageServiceAsyncImpl}, in the {@code beta} packages under {@code
 * com.anthropic.services}. One nested class per method form.
 *
 * <p>Byte Buddy inlines these methods into the SDK classes, so they call only the bootstrap {@link
 * Bridge}. The handler name and the operation codes are compile-time constants, which javac copies
 * into the advice, so the classes that declare them are never loaded from it.
 */
public final class BetaMessageAdvice {

  private BetaMessageAdvice() {}

  /** Traces {@code create}. */
  public static final class Create {

    private Create() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object service, @Advice.Argument(0) Object params) {
      return Bridge.enter(
          AnthropicInstrumentationModule.HANDLER, AnthropicOperations.BETA_CREATE, service, params);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned = Bridge.exit(state, AnthropicOperations.BETA_CREATE, returned, thrown);
    }
  }

  /** Traces {@code createStreaming}. */
  public static final class CreateStreaming {

    private CreateStreaming() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object service, @Advice.Argument(0) Object params) {
      return Bridge.enter(
          AnthropicInstrumentationModule.HANDLER,
          AnthropicOperations.BETA_CREATE_STREAMING,
          service,
          params);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned = Bridge.exit(state, AnthropicOperations.BETA_CREATE_STREAMING, returned, thrown);
    }
  }

  /** Traces {@code withRawResponse().create}. */
  public static final class RawCreate {

    private RawCreate() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object service, @Advice.Argument(0) Object params) {
      return Bridge.enter(
          AnthropicInstrumentationModule.HANDLER,
          AnthropicOperations.BETA_RAW_CREATE,
          service,
          params);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned = Bridge.exit(state, AnthropicOperations.BETA_RAW_CREATE, returned, thrown);
    }
  }

  /** Traces {@code withRawResponse().createStreaming}. */
  public static final class RawCreateStreaming {

    private RawCreateStreaming() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object service, @Advice.Argument(0) Object params) {
      return Bridge.enter(
          AnthropicInstrumentationModule.HANDLER,
          AnthropicOperations.BETA_RAW_CREATE_STREAMING,
          service,
          params);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned =
          Bridge.exit(state, AnthropicOperations.BETA_RAW_CREATE_STREAMING, returned, thrown);
    }
  }

  /** Traces {@code create} of the async service. */
  public static final class AsyncCreate {

    private AsyncCreate() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object service, @Advice.Argument(0) Object params) {
      return Bridge.enter(
          AnthropicInstrumentationModule.HANDLER,
          AnthropicOperations.BETA_ASYNC_CREATE,
          service,
          params);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned = Bridge.exit(state, AnthropicOperations.BETA_ASYNC_CREATE, returned, thrown);
    }
  }

  /** Traces {@code createStreaming} of the async service. */
  public static final class AsyncCreateStreaming {

    private AsyncCreateStreaming() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object service, @Advice.Argument(0) Object params) {
      return Bridge.enter(
          AnthropicInstrumentationModule.HANDLER,
          AnthropicOperations.BETA_ASYNC_CREATE_STREAMING,
          service,
          params);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned =
          Bridge.exit(state, AnthropicOperations.BETA_ASYNC_CREATE_STREAMING, returned, thrown);
    }
  }
}
