package com.langfuse.agent.advice.webflux;

import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import com.langfuse.agent.advice.InstrumentationModule;
import com.langfuse.agent.advice.MethodHook;
import com.langfuse.agent.advice.TypeInstrumentation;
import com.langfuse.agent.advice.TypeSelector;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Inbound HTTP requests of Spring WebFlux, on any server it runs on (Reactor Netty, and Tomcat,
 * Jetty or Undertow through their reactive adapters).
 *
 * <p>The advice goes on {@code HttpWebHandlerAdapter.handle(ServerHttpRequest,
 * ServerHttpResponse)}, which every request passes through before the web filters and the {@code
 * DispatcherHandler}, and on its {@code createExchange}, which hands over the exchange whose
 * attributes hold the route Spring matched. The request span ends when the returned {@code Mono}
 * completes, fails or is cancelled. The {@code reactor} instrumentation carries the span into the
 * operators that serve the request.
 */
public final class WebFluxInstrumentationModule implements InstrumentationModule {

  public static final String HANDLER = "com.langfuse.agent.instrumentation.webflux.WebFluxHandler";

  /** The operation of {@code handle}: starts the request span. */
  public static final int HANDLE = 0;

  /** The operation of {@code createExchange}: hands the new exchange to the request span. */
  public static final int EXCHANGE_CREATED = 1;

  private static final String ADAPTER =
      "org.springframework.web.server.adapter.HttpWebHandlerAdapter";
  private static final String ADVICE = HttpWebHandlerAdapterAdvice.class.getName();

  @Override
  public String name() {
    return "webflux";
  }

  @Override
  public List<TypeSelector> typeSelectors() {
    return List.of(TypeSelector.named(ADAPTER));
  }

  /**
   * Returns hooks that make the calls of {@link HttpWebHandlerAdapterAdvice} as the adapter loads,
   * without Byte Buddy.
   */
  @Override
  public List<MethodHook> methodHooks() {
    String request = "org.springframework.http.server.reactive.ServerHttpRequest";
    String response = "org.springframework.http.server.reactive.ServerHttpResponse";
    return List.of(
        MethodHook.scope(
                ADAPTER,
                "handle",
                MethodHook.descriptor("reactor.core.publisher.Mono", request, response),
                HANDLER,
                HANDLE)
            .withArgumentArray()
            .replacingReturned(),
        MethodHook.afterReturn(
            ADAPTER,
            "createExchange",
            MethodHook.descriptor(
                "org.springframework.web.server.ServerWebExchange", request, response),
            HANDLER,
            EXCHANGE_CREATED));
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        TypeInstrumentation.named(ADAPTER)
            .advise(
                takingRequestAndResponse("handle", "reactor.core.publisher.Mono"),
                ADVICE + "$Handle")
            .advise(
                takingRequestAndResponse(
                    "createExchange", "org.springframework.web.server.ServerWebExchange"),
                ADVICE + "$CreateExchange"));
  }

  /** Matches {@code <returnType> <name>(ServerHttpRequest, ServerHttpResponse)}. */
  private static ElementMatcher<MethodDescription> takingRequestAndResponse(
      String name, String returnType) {
    return isMethod()
        .and(named(name))
        .and(takesArguments(2))
        .and(takesArgument(0, named("org.springframework.http.server.reactive.ServerHttpRequest")))
        .and(takesArgument(1, named("org.springframework.http.server.reactive.ServerHttpResponse")))
        .and(returns(named(returnType)));
  }
}
