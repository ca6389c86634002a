package com.langfuse.agent.instrumentation.langchain4j;

import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.Tracer;

/**
 * Starts generation spans under the rule that the innermost generation wins: a generation started
 * while the current span is an open generation turns that outer span into a plain span.
 */
final class Layering {

  private Layering() {}

  /** Starts a client span of {@code observationType} under the current span. */
  static SpanData start(String name, String observationType) {
    SpanData parent = CurrentSpan.get();
    if (parent != null && !parent.isEnded() && isGeneration(parent)) {
      parent.setAttribute(LangfuseAttributes.OBSERVATION_TYPE, LangfuseAttributes.TYPE_SPAN);
    }
    return Tracer.startSpan(name, observationType, SpanData.KIND_CLIENT);
  }

  /** Returns whether the span is still a generation or an embedding observation. */
  static boolean isGeneration(SpanData span) {
    Object type = span.attribute(LangfuseAttributes.OBSERVATION_TYPE);
    return LangfuseAttributes.TYPE_GENERATION.equals(type)
        || LangfuseAttributes.TYPE_EMBEDDING.equals(type);
  }
}
