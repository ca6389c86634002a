package com.langfuse.agent.instrumentation.springai;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;

/**
 * Accumulates the {@code ChatResponse} chunks of {@code ChatModel.stream}: the text, the tool
 * calls, the last finish reason, and the usage when the provider reported it.
 */
final class ChatResponseStreamObserver extends StreamObserver<Object> {

  private final StringBuilder text = new StringBuilder();
  private final List<AssistantMessage.ToolCall> toolCalls = new ArrayList<>();
  private String id;
  private String model;
  private String finishReason;
  private Usage usage;

  ChatResponseStreamObserver(SpanData span, SpanData parent) {
    super(span, parent);
  }

  @Override
  boolean accumulate(Object item) {
    if (!(item instanceof ChatResponse)) {
      return false;
    }
    ChatResponse response = (ChatResponse) item;
    ChatResponseMetadata metadata = response.getMetadata();
    if (metadata != null) {
      id = nonEmpty(metadata.getId(), id);
      model = nonEmpty(metadata.getModel(), model);
      if (metadata.getUsage() != null) {
        usage = metadata.getUsage();
      }
    }
    boolean content = false;
    List<Generation> results = response.getResults();
    if (results == null) {
      return false;
    }
    for (Generation result : results) {
      AssistantMessage output = result.getOutput();
      if (output != null && output.getText() != null && !output.getText().isEmpty()) {
        text.append(output.getText());
        content = true;
      }
      if (output != null && output.getToolCalls() != null && !output.getToolCalls().isEmpty()) {
        toolCalls.addAll(output.getToolCalls());
        content = true;
      }
      if (result.getMetadata() != null && result.getMetadata().getFinishReason() != null) {
        finishReason = result.getMetadata().getFinishReason();
      }
    }
    return content;
  }

  @Override
  void recordTo(SpanData span, long firstContentEpochNanos) {
    if (SpringAiSpans.isGeneration(span)) {
      if (id != null) {
        span.setAttribute(LangfuseAttributes.GEN_AI_RESPONSE_ID, id);
      }
      if (model != null) {
        span.setAttribute(LangfuseAttributes.GEN_AI_RESPONSE_MODEL, model);
      }
      if (finishReason != null) {
        span.setAttribute(LangfuseAttributes.GEN_AI_RESPONSE_FINISH_REASONS, List.of(finishReason));
      }
      ChatModelRecords.recordUsage(span, usage);
      GenAiSpans.recordCompletionStart(span, firstContentEpochNanos);
    }
    String content = text.toString();
    List<AssistantMessage.ToolCall> calls = List.copyOf(toolCalls);
    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_OUTPUT,
        () -> ChatModelRecords.assistantOutput(content, calls),
        content.length() + ChatModelRecords.ESTIMATED_BYTES);
  }

  private static String nonEmpty(String value, String previous) {
    return value == null || value.isEmpty() ? previous : value;
  }
}
