package com.langfuse.agent.instrumentation.langchain4j;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;

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
    FinishReason finishReason = response.finishReason();
    if (finishReason != null) {
      GenAiSpans.recordStopReason(span, finishReason.name().toLowerCase());
    }
    if (!GenAiSpans.isGeneration(span)) {
      GenAiSpans.recordResponseIdentity(span, response.id(), null);
      return;
    }
    GenAiSpans.recordResponseIdentity(span, response.id(), response.modelName());
    TokenUsages.record(span, response.tokenUsage());
  }
}
