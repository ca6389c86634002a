package com.langfuse.agent.it.apps;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.util.concurrent.Callable;

/** Opens an OpenTelemetry span with the API, as an application under an APM agent does. */
final class OtelSpans {

  private OtelSpans() {}

  /**
   * Calls {@code work} with a new span current, printing its ids as {@code otel <trace> <span>},
   * and returns what it returned.
   */
  static <T> T callInSpan(Callable<T> work) throws Exception {
    Span span = GlobalOpenTelemetry.getTracer("it-app").spanBuilder("outer").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      System.out.println(
          "otel " + span.getSpanContext().getTraceId() + " " + span.getSpanContext().getSpanId());
      return work.call();
    } finally {
      span.end();
    }
  }
}
