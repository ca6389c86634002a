package com.langfuse.agent.instrumentation.langchain4j;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import java.util.List;

/** Reads a LangChain4j {@link ChatResponse} into the attributes of a generation span. */
final class ChatResponses {

  private ChatResponses() {}

  /**
   * Records the response's output and identity, and, while the span is still the generation (no
   * instrumented SDK below LangChain4j took that role), its usage and response model.
   */
  static void record(SpanData span, ChatResponse response) {
    AiMessage message = response.aiMessage();
    if (message != null) {
      span.setDeferredAttribute(
          LangfuseAttributes.OBSERVATION_OUTPUT,
          () -> ChatMessages.output(message),
          64 + String.valueOf(message).length());
    }
    String id = response.id();
    if (id != null && !id.isEmpty()) {
      span.setAttribute(LangfuseAttributes.GEN_AI_RESPONSE_ID, id);
    }
    FinishReason finishReason = response.finishReason();
    if (finishReason != null) {
      span.setAttribute(
          LangfuseAttributes.GEN_AI_RESPONSE_FINISH_REASONS,
          List.of(finishReason.name().toLowerCase()));
    }
    if (!Layering.isGeneration(span)) {
      return;
    }
    String model = response.modelName();
    if (model != null && !model.isEmpty()) {
      span.setAttribute(LangfuseAttributes.GEN_AI_RESPONSE_MODEL, model);
    }
    TokenUsages.record(span, response.tokenUsage());
  }
}
