package com.langfuse.agent.instrumentation.bedrock;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.Tracer;
import java.util.List;

/** Starts Bedrock generation spans and sets the attributes every operation shares. */
final class BedrockSpans {

  static final String OPERATION_CHAT = "chat";

  /** The provider name of the GenAI semantic conventions for Amazon Bedrock. */
  static final String PROVIDER = "aws.bedrock";

  private BedrockSpans() {}

  /**
   * Starts a generation named {@code chat <modelId>} under the current span, or as a new trace
   * root; {@code modelId} may be null when the request names none.
   */
  static SpanData start(String modelId) {
    String name = modelId == null ? OPERATION_CHAT : OPERATION_CHAT + " " + modelId;
    SpanData span =
        Tracer.startSpan(name, LangfuseAttributes.TYPE_GENERATION, SpanData.KIND_CLIENT);
    span.setAttribute(LangfuseAttributes.GEN_AI_OPERATION_NAME, OPERATION_CHAT);
    span.setAttribute(LangfuseAttributes.GEN_AI_PROVIDER_NAME, PROVIDER);
    if (modelId != null) {
      span.setAttribute(LangfuseAttributes.GEN_AI_REQUEST_MODEL, modelId);
    }
    return span;
  }

  /** Sets the response id and the model the provider answered with, when known. */
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
}
