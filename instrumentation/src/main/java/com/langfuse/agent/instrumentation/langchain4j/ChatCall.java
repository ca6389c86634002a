package com.langfuse.agent.instrumentation.langchain4j;

import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;

/**
 * A blocking {@code ChatModel.chat} call: one generation, current while the provider is called, so
 * an instrumented SDK below LangChain4j nests under it.
 */
final class ChatCall implements TracedCall {

  private final SpanData span;
  private final CurrentSpan.Scope scope;

  private ChatCall(SpanData span) {
    this.span = span;
    this.scope = CurrentSpan.makeCurrent(span);
  }

  static ChatCall start(Object model, ChatRequest request) {
    return new ChatCall(startGeneration(model, request));
  }

  /** Starts the generation span of a chat request and records the request on it. */
  static SpanData startGeneration(Object model, ChatRequest request) {
    ChatRequestParameters parameters = ChatRequests.effectiveParameters(model, request);
    String modelName = parameters == null ? null : parameters.modelName();
    AiServiceCalls.onModelCall(CurrentSpan.get(), request, parameters);
    SpanData span =
        GenerationSpans.start(
            GenAiSpans.OPERATION_CHAT,
            LangfuseAttributes.TYPE_GENERATION,
            providerName(model),
            modelName);
    try {
      ChatRequests.record(span, request, parameters);
    } catch (Throwable t) {
      GenerationSpans.logCaptureFailure("reading the chat request", t);
    }
    return span;
  }

  @Override
  public void exit(Object returned, Throwable thrown) {
    scope.close();
    try {
      if (thrown != null) {
        GenerationSpans.recordError(span, thrown);
      } else if (returned instanceof ChatResponse) {
        ChatResponses.record(span, (ChatResponse) returned);
      }
    } catch (Throwable t) {
      GenerationSpans.logCaptureFailure("reading the chat response", t);
    } finally {
      span.end();
    }
  }

  private static String providerName(Object model) {
    try {
      return ModelDefaults.providerName(model);
    } catch (Throwable t) {
      // Some older LangChain4j versions lack provider().
      return ModelDefaults.providerName((String) null);
    }
  }
}
