package com.langfuse.agent.instrumentation.webflux;

import com.langfuse.agent.bootstrap.bridge.CallHandler;
import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.TraceGate;
import com.langfuse.agent.instrumentation.roots.RequestIdentity;
import com.langfuse.agent.instrumentation.roots.RootSpans;
import com.langfuse.agent.instrumentation.servlet.ServerSpans;
import java.util.function.Function;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Traces an inbound Spring WebFlux request at {@code HttpWebHandlerAdapter.handle}.
 *
 * <p>{@code handle} builds the request's pipeline and returns it unsubscribed; the server
 * subscribes after {@code handle} returns. So the span is current only while {@code handle} runs,
 * and the returned {@code Mono} is replaced by a {@link TracedRequestMono}, which makes the span
 * current again for the subscription, stores it in the subscriber context and ends it when the
 * response completes, fails or is cancelled. A request span that is a trace root is gated: it is
 * exported only when the request made an LLM call.
 */
public final class WebFluxHandler implements CallHandler {

  /** The operation codes of the advice, the same as in the instrumentation module. */
  static final int HANDLE = 0;

  static final int EXCHANGE_CREATED = 1;

  /** The exchange attribute that contains the request span, for code that has the exchange. */
  public static final String SPAN_ATTRIBUTE = "com.langfuse.agent.webflux.span";

  /** The request in {@code handle} on this thread, which {@code createExchange} completes. */
  private static final ThreadLocal<WebFluxRequest> STARTING = new ThreadLocal<>();

  /**
   * Fails on Spring Framework 5, whose response status type predates {@link HttpStatusCode}, so
   * that the bridge leaves requests untraced there instead of failing in the middle of one.
   */
  public WebFluxHandler() {
    HttpStatusCode.valueOf(200);
  }

  @Override
  public Object onEnter(int operation, Object adapter, Object arguments) {
    if (operation == EXCHANGE_CREATED) {
      attachExchange(arguments);
      return null;
    }
    Object[] pair = (Object[]) arguments;
    if (!(pair[0] instanceof ServerHttpRequest) || !(pair[1] instanceof ServerHttpResponse)) {
      return null;
    }
    ServerHttpRequest request = (ServerHttpRequest) pair[0];
    String method = request.getMethod().name();
    String path = request.getPath().value();

    SpanData span =
        RootSpans.start(ServerSpans.name(method, path), SpanData.KIND_SERVER, adapter.getClass());
    if (RootSpans.isRoot(span)) {
      TraceGate.attachTo(span);
    }
    ServerSpans.recordRequest(span, method, path);
    recordHeaders(span, name -> request.getHeaders().getFirst(name));

    WebFluxRequest call =
        new WebFluxRequest(span, method, (ServerHttpResponse) pair[1], STARTING.get());
    STARTING.set(call);
    call.scope = CurrentSpan.makeCurrent(span);
    return call;
  }

  @Override
  public Object onExit(Object state, int operation, Object returned, Throwable thrown) {
    WebFluxRequest call = (WebFluxRequest) state;
    call.scope.close();
    if (call.outer == null) {
      STARTING.remove();
    } else {
      STARTING.set(call.outer);
    }
    if (thrown != null || !(returned instanceof Mono)) {
      call.end(thrown, false);
      return returned;
    }
    @SuppressWarnings("unchecked")
    Mono<Void> response = (Mono<Void>) returned;
    return new TracedRequestMono(response, call);
  }

  /**
   * Records the trace attributes that come from request headers, with {@code header} returning
   * the first value of a header by case-insensitive name, or null. It runs before the span becomes
   * current. The user id and session id headers are the ones Servlet requests read.
   */
  static void recordHeaders(SpanData span, Function<String, String> header) {
    RequestIdentity.fromHeaders(span, header);
  }

  /** Hands the exchange that {@code createExchange} returned to the request being started. */
  private static void attachExchange(Object exchange) {
    WebFluxRequest call = STARTING.get();
    if (call == null || call.exchange != null || !(exchange instanceof ServerWebExchange)) {
      return;
    }
    call.exchange = (ServerWebExchange) exchange;
    call.exchange.getAttributes().put(SPAN_ATTRIBUTE, call.span);
  }
}
