package com.langfuse.agent.instrumentation.genai;

import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.Tracer;
import java.util.List;

/**
 * Starts generation and embedding spans and sets the attributes every library shares.
 *
 * <p>One model round trip must give one generation, however many instrumented layers it passes
 * through: a framework such as LangChain4j or Spring AI over an SDK that is traced as well. The
 * rule is that the innermost generation wins. When a generation starts while the current span is
 * an open generation, the outer one becomes a plain span and the parent of the new one. The current
 * span follows the work across the executors the agent instruments, so the rule applies where the
 * inner call runs on another thread. A framework handler checks {@link #isGeneration} before it
 * writes usage onto its span.
 */
public final class GenAiSpans {

  public static final String OPERATION_CHAT = "chat";
  public static final String OPERATION_EMBEDDINGS = "embeddings";

  private GenAiSpans() {}

  /**
   * Starts a client span named {@code <operation> <model>} under the current span, or as a new
   * trace root; {@code model} may be null when the request names none.
   */
  public static SpanData start(
      GenAiProvider provider, String operation, String observationType, String model) {
    if (LangfuseAttributes.TYPE_GENERATION.equals(observationType)
        || LangfuseAttributes.TYPE_EMBEDDING.equals(observationType)) {
      demoteEnclosing(CurrentSpan.get(), observationType);
    }
    String name = model == null ? operation : operation + " " + model;
    SpanData span = Tracer.startSpan(name, observationType, SpanData.KIND_CLIENT);
    span.setAttribute(LangfuseAttributes.GEN_AI_OPERATION_NAME, operation);
    span.setAttribute(LangfuseAttributes.GEN_AI_PROVIDER_NAME, provider.name());
    if (model != null) {
      span.setAttribute(LangfuseAttributes.GEN_AI_REQUEST_MODEL, model);
    }
    return span;
  }

  /**
   * Returns whether {@code span} is still a generation or an embedding, that is, whether no
   * instrumented call below it took that role.
   */
  public static boolean isGeneration(SpanData span) {
    Object type = span.attribute(LangfuseAttributes.OBSERVATION_TYPE);
    return LangfuseAttributes.TYPE_GENERATION.equals(type)
        || LangfuseAttributes.TYPE_EMBEDDING.equals(type);
  }

  private static void demoteEnclosing(SpanData current, String innerType) {
    if (current == null || current.isEnded()) {
      return;
    }
    Object type = current.attribute(LangfuseAttributes.OBSERVATION_TYPE);
    if (innerType.equals(type)) {
      current.setAttribute(LangfuseAttributes.OBSERVATION_TYPE, LangfuseAttributes.TYPE_SPAN);
    }
  }

  /** Sets the response id and the exact model in the provider's response, when known. */
  public static void recordResponseIdentity(SpanData span, String id, String model) {
    if (id != null && !id.isEmpty()) {
      span.setAttribute(LangfuseAttributes.GEN_AI_RESPONSE_ID, id);
    }
    if (model != null && !model.isEmpty()) {
      span.setAttribute(LangfuseAttributes.GEN_AI_RESPONSE_MODEL, model);
    }
  }

  /** Sets the finish reasons, when the response has any. */
  public static void recordFinishReasons(SpanData span, List<String> reasons) {
    if (!reasons.isEmpty()) {
      span.setAttribute(LangfuseAttributes.GEN_AI_RESPONSE_FINISH_REASONS, reasons);
    }
  }

  /** Sets the stop reason as the one finish reason, when the response has one. */
  public static void recordStopReason(SpanData span, String stopReason) {
    if (stopReason != null && !stopReason.isEmpty()) {
      span.setAttribute(LangfuseAttributes.GEN_AI_RESPONSE_FINISH_REASONS, List.of(stopReason));
    }
  }

  /** Sets the time the first token arrived, when one did. */
  public static void recordCompletionStart(SpanData span, long firstTokenEpochNanos) {
    if (firstTokenEpochNanos != 0) {
      span.setAttribute(
          LangfuseAttributes.OBSERVATION_COMPLETION_START_TIME,
          Timestamps.isoMillis(firstTokenEpochNanos));
    }
  }
}
