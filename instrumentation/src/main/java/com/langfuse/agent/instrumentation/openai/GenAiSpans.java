package com.langfuse.agent.instrumentation.openai;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.Tracer;
import java.util.List;

/** Starts OpenAI generation spans and sets the attributes every API shares. */
final class GenAiSpans {

  static final String OPERATION_CHAT = "chat";
  static final String OPERATION_EMBEDDINGS = "embeddings";
  static final String PROVIDER = "openai";

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

  static void recordFinishReasons(SpanData span, List<String> reasons) {
    if (!reasons.isEmpty()) {
      span.setAttribute(LangfuseAttributes.GEN_AI_RESPONSE_FINISH_REASONS, reasons);
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
