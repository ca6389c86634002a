package com.langfuse.agent.instrumentation.langchain4j;

import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiProvider;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;

/** Starts the generation and embedding spans of LangChain4j model calls and records failures. */
final class GenerationSpans {

  /** The provider used for log lines and error descriptions, which name LangChain4j itself. */
  private static final GenAiProvider LANGCHAIN4J =
      new GenAiProvider("langchain4j", ErrorDescriptions::describe);

  private GenerationSpans() {}

  /**
   * Starts a span named {@code <operation> <model>} under the current span, reporting {@code
   * providerName} as {@code gen_ai.provider.name}; {@code model} may be null.
   */
  static SpanData start(
      String operation, String observationType, String providerName, String model) {
    GenAiProvider provider = new GenAiProvider(providerName, ErrorDescriptions::describe);
    return GenAiSpans.start(provider, operation, observationType, model);
  }

  /** Marks the span failed with a description of {@code error}. */
  static void recordError(SpanData span, Throwable error) {
    span.recordError(LANGCHAIN4J.describe(error));
  }

  /** Logs, rate-limited, that reading part of a call failed; never logs prompt content. */
  static void logCaptureFailure(String step, Throwable error) {
    LANGCHAIN4J.logCaptureFailure(step, error);
  }
}
