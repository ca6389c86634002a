package com.langfuse.agent.advice.webflux;

import com.langfuse.agent.bootstrap.bridge.ScopeBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice for Spring WebFlux's {@code HttpWebHandlerAdapter}. It is inlined into spring-web, so it
 * calls only the bootstrap {@link ScopeBridge}; the handler name and operations are compile-time
 * constants.
 */
public final class HttpWebHandlerAdapterAdvice {

  private HttpWebHandlerAdapterAdvice() {}

  /**
   * {@code Mono<Void> handle(ServerHttpRequest, ServerHttpResponse)}: starts the request span and
   * returns the {@code Mono} wrapped so that the span ends when the response does.
   */
  public static final class Handle {

    private Handle() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(
        @Advice.This Object adapter,
        @Advice.Origin Class<?> type,
        @Advice.Argument(0) Object request,
        @Advice.Argument(1) Object response) {
      return ScopeBridge.enter(
          WebFluxInstrumentationModule.HANDLER,
          WebFluxInstrumentationModule.HANDLE,
          type,
          adapter,
          new Object[] {request, response});
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned =
          ScopeBridge.exitReturning(
              state, WebFluxInstrumentationModule.HANDLE, returned, thrown);
    }
  }

  /**
   * {@code ServerWebExchange createExchange(ServerHttpRequest, ServerHttpResponse)}, which {@code
   * handle} calls on the same thread: hands the exchange to the request span being started. The
   * handler does all its work on entry and returns no state, so no exit call follows.
   */
  public static final class CreateExchange {

    private CreateExchange() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(
        @Advice.This Object adapter,
        @Advice.Origin Class<?> type,
        @Advice.Return Object exchange) {
      ScopeBridge.enter(
          WebFluxInstrumentationModule.HANDLER,
          WebFluxInstrumentationModule.EXCHANGE_CREATED,
          type,
          adapter,
          exchange);
    }
  }
}
