package com.langfuse.agent.instrumentation.webflux;

import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.servlet.ServerSpans;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/** One traced WebFlux request: its span, its response, and the exchange once it exists. */
final class WebFluxRequest {

  /** The exchange attribute where Spring WebFlux stores the matched route as a path pattern. */
  static final String BEST_MATCHING_PATTERN =
      "org.springframework.web.reactive.HandlerMapping.bestMatchingPattern";

  static final String DISCONNECTED_MESSAGE =
      "the client disconnected before the response completed";

  final SpanData span;
  final String method;
  final ServerHttpResponse response;

  /** The request whose {@code handle} call this one is nested in on the same thread, or null. */
  final WebFluxRequest outer;

  /** Set by {@code createExchange}, before the pipeline runs; null if it was never called. */
  volatile ServerWebExchange exchange;

  /** The scope that makes the span current while {@code handle} runs. */
  CurrentSpan.Scope scope;

  private final AtomicBoolean ended = new AtomicBoolean();

  WebFluxRequest(SpanData span, String method, ServerHttpResponse response, WebFluxRequest outer) {
    this.span = span;
    this.method = method;
    this.response = response;
    this.outer = outer;
  }

  /**
   * Ends the span once, named after the matched route and with the response status. A cancelled
   * request is level WARNING: Reactor Netty cancels it when the client disconnects before the
   * response is written.
   *
   * <p>NOTE: a client that disconnects while a streamed body is being written can end the request
   * as a normal completion, without the WARNING.
   */
  void end(Throwable thrown, boolean cancelled) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    // This runs inside the server's reactive pipeline, where an exception would reach the
    // application, so the span ends even when reading the route or status fails.
    try {
      if (cancelled) {
        span.setAttribute(LangfuseAttributes.OBSERVATION_LEVEL, LangfuseAttributes.LEVEL_WARNING);
        span.setAttribute(LangfuseAttributes.OBSERVATION_STATUS_MESSAGE, DISCONNECTED_MESSAGE);
      }
      ServerSpans.end(span, method, route(), status(thrown), thrown);
    } catch (Throwable t) {
      span.end();
      AgentLog.rateLimited(
          AgentLog.Level.WARN,
          "webflux-end",
          "instrumentation webflux failed to record the end of request " + span.name() + ": " + t);
    }
  }

  /** Returns the route template Spring matched, such as {@code /chat/{id}}, or null. */
  private String route() {
    ServerWebExchange current = exchange;
    if (current == null) {
      return null;
    }
    // A PathPattern, whose toString() is the pattern as written; a String in other mappings.
    Object pattern = current.getAttributes().get(BEST_MATCHING_PATTERN);
    return pattern == null ? null : pattern.toString();
  }

  /** Returns the response status; 500 after an error, and 200 when none was set. */
  private int status(Throwable thrown) {
    HttpStatusCode status = response.getStatusCode();
    if (status != null) {
      return status.value();
    }
    return thrown != null ? 500 : 200;
  }
}
