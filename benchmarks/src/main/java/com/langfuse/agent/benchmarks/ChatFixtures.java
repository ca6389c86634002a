package com.langfuse.agent.benchmarks;

import com.langfuse.agent.advice.openai.OpenAiInstrumentationModule;
import com.langfuse.agent.bootstrap.bridge.Bridge;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.Tracer;
import com.langfuse.agent.instrumentation.openai.OpenAiOperations;
import com.langfuse.agent.testing.Recording;
import com.openai.core.ObjectMappers;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A typical chat call as real OpenAI Java SDK objects: the request of the recording {@code
 * openai/chat-basic} with a system message and common parameters, and the recorded response
 * parsed by the SDK's own JSON mapper.
 */
final class ChatFixtures {

  /**
   * Stands in for the SDK's service object. The Bridge uses only its class loader, which must be
   * the one that can load the handler and the SDK: the application class loader here.
   */
  static final Object SERVICE = new ServiceStandIn();

  private ChatFixtures() {}

  static ChatCompletionCreateParams params() {
    return ChatCompletionCreateParams.builder()
        .model(ChatModel.GPT_4O_MINI)
        .addSystemMessage("You are a geography tutor. Answer briefly.")
        .addUserMessage("Answer in up to 3 words: Which ocean contains Bouvet Island?")
        .temperature(0.2)
        .maxCompletionTokens(64)
        .build();
  }

  static ChatCompletion completion() {
    byte[] body = Recording.load("openai/chat-basic").body();
    try {
      return ObjectMappers.jsonMapper().readValue(body, ChatCompletion.class);
    } catch (IOException e) {
      throw new UncheckedIOException("parsing the recorded chat completion failed", e);
    }
  }

  /**
   * Runs one traced chat call through the Bridge, as the inlined advice does around {@code
   * ChatCompletionServiceImpl.create}, and returns what the advice would return to the app.
   */
  static Object tracedCall(ChatCompletionCreateParams params, ChatCompletion completion) {
    Object state =
        Bridge.enter(
            OpenAiInstrumentationModule.HANDLER, OpenAiOperations.CHAT_CREATE, SERVICE, params);
    return Bridge.exit(state, OpenAiOperations.CHAT_CREATE, completion, null);
  }

  /** Returns {@code count} ended generation spans made by {@link #tracedCall}. */
  static List<SpanData> generationSpans(int count) {
    List<SpanData> spans = new ArrayList<>(count);
    Tracer.setSink(spans::add);
    try {
      ChatCompletionCreateParams params = params();
      ChatCompletion completion = completion();
      for (int i = 0; i < count; i++) {
        tracedCall(params, completion);
      }
    } finally {
      Tracer.setSink(null);
    }
    if (spans.size() != count) {
      throw new IllegalStateException(
          "expected " + count + " generation spans from the traced calls, got " + spans.size());
    }
    return spans;
  }

  private static final class ServiceStandIn {}
}
