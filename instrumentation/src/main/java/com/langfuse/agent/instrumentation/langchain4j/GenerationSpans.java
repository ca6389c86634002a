package com.langfuse.agent.instrumentation.langchain4j;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;

/** Starts the generation and embedding spans of LangChain4j model calls. */
final class GenerationSpans {

  static final String OPERATION_CHAT = "chat";
  static final String OPERATION_EMBEDDINGS = "embeddings";

  private GenerationSpans() {}

  /**
   * Starts a span named {@code <operation> <model>} under the current span; {@code model} may be
   * null when neither the request nor the model names one.
   */
  static SpanData start(String operation, String observationType, String provider, String model) {
    String name = model == null ? operation : operation + " " + model;
    SpanData span = Layering.start(name, observationType);
    span.setAttribute(LangfuseAttributes.GEN_AI_OPERATION_NAME, operation);
    span.setAttribute(LangfuseAttributes.GEN_AI_PROVIDER_NAME, provider);
    if (model != null) {
      span.setAttribute(LangfuseAttributes.GEN_AI_REQUEST_MODEL, model);
    }
    return span;
  }

  /** Marks the span failed with a description of {@code error}. */
  static void recordError(SpanData span, Throwable error) {
    try {
      span.recordError(ErrorDescriptions.describe(error));
    } catch (Throwable t) {
      span.recordError(error.getClass().getName());
    }
  }
}
