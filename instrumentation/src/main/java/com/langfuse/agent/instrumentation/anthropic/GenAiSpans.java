package com.langfuse.agent.instrumentation.anthropic;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.Tracer;
import java.util.List;

/** Starts Anthropic generation spans and sets the attributes every API shares. */
final class GenAiSpans {

  static final String OPERATION_CHAT = "chat";
  static final String PROVIDER = "anthropic";

  private GenAiSpans() {}

  /**
   * Starts a client span named {@code <operation> <model>} under the current span, or as a new
   * trace root; {@code model} may be null when the request names none.
   */
  static SpanData start(String operation, String observationType, String model) {
    String name = model == null ? operation : operation + " " + model;
    SpanData span = Tracer.startSpan(name, observationType, SpanData.KIND_CLIENT);
    span.setAttribute(LangfuseAttributes.GEN_AI_OPERATION_NAME, operation);
    span.setAttribute(LangfuseAttributes.GEN_AI_PROVIDER_NAME, PROVIDER);
    if (model != null) {
      span.setAttribute(LangfuseAttributes.GEN_AI_REQUEST_MODEL, model);
    }
    return span;
  }

  /** Sets the response id and the exact model the provider answered with, when known. */
  static void recordResponseIdentity(SpanData span, String id, String model) {
    if (id != null && !id.isEmpty()) {
      span.setAttribute(LangfuseAttributes.GEN_AI_RESPONSE_ID, id);
    }
    if (model != null && !model.isEmpty()) {
      span.setAttribute(LangfuseAttributes.GEN_AI_RESPONSE_MODEL, model);
    }
  }

  /** Sets the stop reason as the one finish reason, when the response has one. */
  static void recordStopReason(SpanData span, String stopReason) {
    if (stopReason != null && !stopReason.isEmpty()) {
      span.setAttribute(LangfuseAttributes.GEN_AI_RESPONSE_FINISH_REASONS, List.of(stopReason));
    }
  }

  /** Sets the time the first token arrived, when one did. */
  static void recordCompletionStart(SpanData span, long firstTokenEpochNanos) {
    if (firstTokenEpochNanos != 0) {
      span.setAttribute(
          LangfuseAttributes.OBSERVATION_COMPLETION_START_TIME,
          Timestamps.isoMillis(firstTokenEpochNanos));
    }
  }
}
