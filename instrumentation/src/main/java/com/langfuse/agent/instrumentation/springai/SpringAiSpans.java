package com.langfuse.agent.instrumentation.springai;

import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiProvider;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts the spans of Spring AI calls through {@link GenAiSpans}, whose layering rule turns an
 * enclosing generation into a plain span when a round trip below it starts its own.
 */
final class SpringAiSpans {

  /** The Reactor context key under which an observed stream passes its span upstream. */
  static final String CONTEXT_KEY = "langfuse.agent.spring-ai.span";

  private static final Map<String, GenAiProvider> PROVIDERS = new ConcurrentHashMap<>();

  private SpringAiSpans() {}

  /**
   * Starts a span of {@code observationType} named {@code <operation> <model>} under {@code
   * parent}, or under the current span when {@code parent} is null.
   */
  static SpanData start(
      String provider, String operation, String observationType, String model, SpanData parent) {
    GenAiProvider genAiProvider = PROVIDERS.computeIfAbsent(provider, SpringAiSpans::newProvider);
    if (parent == null || parent == CurrentSpan.get()) {
      return GenAiSpans.start(genAiProvider, operation, observationType, model);
    }
    try (CurrentSpan.Scope ignored = CurrentSpan.makeCurrent(parent)) {
      return GenAiSpans.start(genAiProvider, operation, observationType, model);
    }
  }

  /** Returns whether {@code span} is still a generation or an embedding. */
  static boolean isGeneration(SpanData span) {
    return GenAiSpans.isGeneration(span);
  }

  /** Marks {@code span} failed with a description of {@code error}. */
  static void recordError(SpanData span, Throwable error) {
    span.recordError(ErrorDescriptions.describe(error));
  }

  /** Logs, rate-limited, that reading part of a call failed; never logs prompt content. */
  static void logCaptureFailure(String step, Throwable error) {
    AgentLog.rateLimited(
        AgentLog.Level.WARN,
        "spring-ai-capture-" + step,
        "spring-ai instrumentation: "
            + step
            + " failed, so the span lacks those attributes (the application call is unaffected): "
            + error.getClass().getName());
  }

  /** Sets level WARNING and {@code message} as the status message of {@code span}. */
  static void markWarning(SpanData span, String message) {
    span.setAttribute(LangfuseAttributes.OBSERVATION_LEVEL, LangfuseAttributes.LEVEL_WARNING);
    span.setAttribute(LangfuseAttributes.OBSERVATION_STATUS_MESSAGE, message);
  }

  private static GenAiProvider newProvider(String name) {
    return new GenAiProvider(name, ErrorDescriptions::describe);
  }
}
