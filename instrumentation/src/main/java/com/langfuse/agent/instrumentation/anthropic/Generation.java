package com.langfuse.agent.instrumentation.anthropic;

import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;

/**
 * One traced SDK call: its span and the API that knows how to read its response.
 *
 * <p>Every method ends the span at most once (a second {@link SpanData#end()} does nothing) and
 * never throws: a failure to read the response costs only the attributes it would have set.
 */
final class Generation {

  private final AnthropicApi api;
  private final SpanData span;

  Generation(AnthropicApi api, SpanData span) {
    this.api = api;
    this.span = span;
  }

  SpanData span() {
    return span;
  }

  /** Records {@code response} (null when there is none) and ends the span. */
  void complete(Object response) {
    try {
      if (response != null) {
        api.recordResponse(span, response);
      }
    } catch (Throwable t) {
      logCaptureFailure("reading the " + api.displayName() + " response", t);
    } finally {
      span.end();
    }
  }

  /** Marks the span failed with a description of {@code error} and ends it. */
  void fail(Throwable error) {
    try {
      span.recordError(ErrorDescriptions.describe(error));
    } catch (Throwable t) {
      logCaptureFailure("describing the " + api.displayName() + " error", t);
    } finally {
      span.end();
    }
  }

  /** Ends the span with Langfuse level WARNING and {@code message} as its status message. */
  void endWithWarning(String message) {
    markWarning(span, message);
    span.end();
  }

  /** Returns a new observation that accumulates this call's stream into the span. */
  @SuppressWarnings("unchecked")
  <T> StreamObservation<T> observeStream() {
    return new StreamObservation<>(span, (StreamAccumulator<T>) api.newStreamAccumulator());
  }

  static void markWarning(SpanData span, String message) {
    span.setAttribute(LangfuseAttributes.OBSERVATION_LEVEL, LangfuseAttributes.LEVEL_WARNING);
    span.setAttribute(LangfuseAttributes.OBSERVATION_STATUS_MESSAGE, message);
  }

  /** Logs, rate-limited, that capturing part of a call failed; never logs prompt content. */
  static void logCaptureFailure(String step, Throwable error) {
    AgentLog.rateLimited(
        AgentLog.Level.WARN,
        "anthropic-capture-" + step,
        "anthropic instrumentation: "
            + step
            + " failed, so the span lacks those attributes (the application call is unaffected): "
            + error.getClass().getName());
  }
}
