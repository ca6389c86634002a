package com.langfuse.agent.instrumentation.servlet;

import com.langfuse.agent.bootstrap.bridge.CallHandler;
import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.TraceGate;
import com.langfuse.agent.instrumentation.roots.RequestIdentity;
import com.langfuse.agent.instrumentation.roots.RootSpans;

/**
 * Traces an inbound HTTP request at {@code HttpServlet.service(ServletRequest, ServletResponse)},
 * for one Servlet API flavour: {@code Q} is its HTTP request type, {@code R} its response type.
 *
 * <p>The request span is stored in a request attribute. A dispatch of the same request that finds
 * it (a forward, an include, the error page) opens no second span. An async dispatch makes it
 * current again, and a request that goes async ends its span when the async cycle completes. A
 * request span that is a trace root is gated: it is exported only when the request made an LLM
 * call. The request span takes its user id and session id from the request headers that {@link
 * RequestIdentity} reads, unless the logging context already set them.
 */
abstract class ServletHandler<Q, R> implements CallHandler {

  /** The name of the request attribute that contains the request's span. */
  static final String SPAN_ATTRIBUTE = "com.langfuse.agent.servlet.span";

  @Override
  public final Object onEnter(int operation, Object servlet, Object arguments) {
    Object[] pair = (Object[]) arguments;
    Q request = asHttpRequest(pair[0]);
    R response = asHttpResponse(pair[1]);
    if (request == null || response == null) {
      return null;
    }

    Object existing = attribute(request, SPAN_ATTRIBUTE);
    if (existing instanceof SpanData) {
      SpanData span = (SpanData) existing;
      if (!isAsyncDispatch(request) || span.isEnded() || CurrentSpan.get() == span) {
        return null;
      }
      return new ServletCall<>(span, CurrentSpan.makeCurrent(span), request, response, false);
    }
    if (!isRequestDispatch(request)) {
      return null;
    }

    String method = method(request);
    SpanData span =
        RootSpans.start(
            ServerSpans.name(method, path(request)), SpanData.KIND_SERVER, servlet.getClass());
    if (RootSpans.isRoot(span)) {
      TraceGate.attachTo(span);
    }
    ServerSpans.recordRequest(span, method, path(request));
    RequestIdentity.fromHeaders(span, name -> header(request, name));
    setAttribute(request, SPAN_ATTRIBUTE, span);
    return new ServletCall<>(span, CurrentSpan.makeCurrent(span), request, response, true);
  }

  @Override
  public final Object onExit(Object state, int operation, Object returned, Throwable thrown) {
    @SuppressWarnings("unchecked")
    ServletCall<Q, R> call = (ServletCall<Q, R>) state;
    call.scope.close();
    if (!call.owner) {
      return returned;
    }
    if (thrown == null && isAsyncStarted(call.request) && endOnAsyncComplete(call)) {
      return returned;
    }
    end(call, thrown);
    return returned;
  }

  /** Ends the request span with the route the framework matched and the response status. */
  final void end(ServletCall<Q, R> call, Throwable thrown) {
    Object route = attribute(call.request, ServerSpans.SPRING_BEST_MATCHING_PATTERN);
    int status = status(call.response);
    ServerSpans.end(
        call.span,
        method(call.request),
        route instanceof String ? (String) route : null,
        status,
        thrown);
  }

  /** Returns {@code request} as an HTTP request of this API, or null when it is not one. */
  abstract Q asHttpRequest(Object request);

  /** Returns {@code response} as an HTTP response of this API, or null when it is not one. */
  abstract R asHttpResponse(Object response);

  abstract String method(Q request);

  /** Returns the request path without the query string. */
  abstract String path(Q request);

  /** Returns the first value of the request header {@code name}, or null. */
  abstract String header(Q request, String name);

  abstract Object attribute(Q request, String name);

  abstract void setAttribute(Q request, String name, Object value);

  /** Returns whether the container dispatches the request for the first time. */
  abstract boolean isRequestDispatch(Q request);

  abstract boolean isAsyncDispatch(Q request);

  abstract boolean isAsyncStarted(Q request);

  abstract int status(R response);

  /**
   * Registers a listener that ends the span when the request's async cycle completes, errs or
   * times out. Returns false when no listener could be added, so the caller ends the span now.
   */
  abstract boolean endOnAsyncComplete(ServletCall<Q, R> call);

  /** One traced dispatch: the request span, the scope that made it current, the exchange. */
  static final class ServletCall<Q, R> {
    final SpanData span;
    final CurrentSpan.Scope scope;
    final Q request;
    final R response;
    /** Whether this dispatch started the span, and so ends it. */
    final boolean owner;

    ServletCall(SpanData span, CurrentSpan.Scope scope, Q request, R response, boolean owner) {
      this.span = span;
      this.scope = scope;
      this.request = request;
      this.response = response;
      this.owner = owner;
    }
  }
}
