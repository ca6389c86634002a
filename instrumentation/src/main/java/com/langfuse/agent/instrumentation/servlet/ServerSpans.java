package com.langfuse.agent.instrumentation.servlet;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.roots.JsonValues;

/** Names and attributes of inbound request spans, shared by the Servlet API and WebFlux. */
public final class ServerSpans {

  /** The request attribute where Spring MVC stores the matched route template. */
  static final String SPRING_BEST_MATCHING_PATTERN =
      "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

  private ServerSpans() {}

  /** Returns {@code "<method> <path>"}, the span name until a route is known. */
  public static String name(String method, String path) {
    return method + " " + path;
  }

  /** Records the method and path as the span's input and as HTTP attributes. */
  public static void recordRequest(SpanData span, String method, String path) {
    span.setAttribute("http.request.method", method);
    span.setAttribute("url.path", path);
    span.setAttribute(
        LangfuseAttributes.OBSERVATION_INPUT,
        "{\"method\":"
            + JsonValues.value(method, 64)
            + ",\"path\":"
            + JsonValues.value(path, JsonValues.MAX_CHARS)
            + "}");
  }

  /**
   * Names the span after {@code route} when the framework matched one, records {@code status} as
   * output, marks a status of 500 or more as ERROR, and ends the span. A request whose servlet
   * threw counts as status 500 unless an error status was already set.
   */
  public static void end(SpanData span, String method, String route, int status, Throwable thrown) {
    if (route != null && !route.isEmpty()) {
      String name = name(method, route);
      span.setName(name);
      span.setAttribute("http.route", route);
      if (span.attribute(LangfuseAttributes.TRACE_NAME) != null) {
        span.setAttribute(LangfuseAttributes.TRACE_NAME, name);
      }
    }
    int effective = thrown != null && status < 400 ? 500 : status;
    span.setAttribute("http.response.status_code", (long) effective);
    span.setAttribute(LangfuseAttributes.OBSERVATION_OUTPUT, "{\"status\":" + effective + "}");
    if (effective >= 500) {
      span.recordError(
          thrown != null
              ? thrown.getClass().getName() + ": " + thrown.getMessage()
              : "HTTP " + effective);
    }
    span.end();
  }
}
