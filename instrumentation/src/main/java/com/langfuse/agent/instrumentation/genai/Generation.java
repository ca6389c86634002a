package com.langfuse.agent.instrumentation.genai;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;

/**
 * One traced library call: its span and the API that reads its response.
 *
 * <p>Every method ends the span at most once (a second {@link SpanData#end()} does nothing) and
 * never throws: a failure to read the response costs only the attributes it would have set.
 */
public final class Generation {

  private final GenAiProvider provider;
  private final GenAiApi api;
  private final SpanData span;

  public Generation(GenAiProvider provider, GenAiApi api, SpanData span) {
    this.provider = provider;
    this.api = api;
    this.span = span;
  }

  public SpanData span() {
    return span;
  }

  /** Records {@code response} (null when there is none) and ends the span. */
  public void complete(Object response) {
    try {
      if (response != null) {
        api.recordResponse(span, response);
      }
    } catch (Throwable t) {
      provider.logCaptureFailure("reading the " + api.displayName() + " response", t);
    } finally {
      span.end();
    }
  }

  /** Marks the span failed with a description of {@code error} and ends it. */
  public void fail(Throwable error) {
    try {
      span.recordError(provider.describe(error));
    } catch (Throwable t) {
      provider.logCaptureFailure("describing the " + api.displayName() + " error", t);
    } finally {
      span.end();
    }
  }

  /** Ends the span with Langfuse level WARNING and {@code message} as its status message. */
  public void endWithWarning(String message) {
    markWarning(span, message);
    span.end();
  }

  /** Returns a new observation that accumulates this call's stream into the span. */
  @SuppressWarnings("unchecked")
  public <T> StreamObservation<T> observeStream() {
    return new StreamObservation<>(
        provider, span, (StreamAccumulator<T>) api.newStreamAccumulator());
  }

  public static void markWarning(SpanData span, String message) {
    span.setAttribute(LangfuseAttributes.OBSERVATION_LEVEL, LangfuseAttributes.LEVEL_WARNING);
    span.setAttribute(LangfuseAttributes.OBSERVATION_STATUS_MESSAGE, message);
  }
}
