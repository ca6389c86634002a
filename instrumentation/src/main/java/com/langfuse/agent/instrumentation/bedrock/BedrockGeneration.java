package com.langfuse.agent.instrumentation.bedrock;

import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.trace.SpanData;
import java.util.function.BiConsumer;

/**
 * One traced Bedrock call: its span and the reader of its response.
 *
 * <p>Every method ends the span at most once (a second {@link SpanData#end()} does nothing) and
 * never throws: a failure to read the response costs only the attributes it would have set.
 */
final class BedrockGeneration {

  private final SpanData span;
  private final BiConsumer<SpanData, Object> responseReader;

  BedrockGeneration(SpanData span, BiConsumer<SpanData, Object> responseReader) {
    this.span = span;
    this.responseReader = responseReader;
  }

  SpanData span() {
    return span;
  }

  /** Records {@code response} (null when there is none) and ends the span. */
  void complete(Object response) {
    try {
      if (response != null) {
        responseReader.accept(span, response);
      }
    } catch (Throwable t) {
      logCaptureFailure("reading the response", t);
    } finally {
      span.end();
    }
  }

  /** Marks the span failed with a description of {@code error} and ends it. */
  void fail(Throwable error) {
    try {
      span.recordError(ErrorDescriptions.describe(error));
    } catch (Throwable t) {
      logCaptureFailure("describing the error", t);
    } finally {
      span.end();
    }
  }

  /** Logs, rate-limited, that capturing part of a call failed; never logs prompt content. */
  static void logCaptureFailure(String step, Throwable error) {
    AgentLog.rateLimited(
        AgentLog.Level.WARN,
        "bedrock-capture-" + step,
        "bedrock instrumentation: "
            + step
            + " failed, so the span lacks those attributes (the application call is unaffected): "
            + error.getClass().getName());
  }
}
