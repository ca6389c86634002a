package com.langfuse.agent.benchmarks;

import com.langfuse.agent.advice.openai.OpenAiInstrumentationModule;
import com.langfuse.agent.bootstrap.bridge.Bridge;
import com.langfuse.agent.bootstrap.bridge.RequestBodies;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.Tracer;
import com.langfuse.agent.instrumentation.openai.OpenAiOperations;
import com.langfuse.agent.testing.Recording;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.ObjectMappers;
import com.openai.core.http.HttpRequestBodies;
import com.openai.core.http.HttpRequestBody;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * A typical chat call as real OpenAI Java SDK objects: the request of the recording {@code
 * openai/chat-basic} with a system message and common parameters, and the recorded response
 * parsed by the SDK's own JSON mapper.
 *
 * <p>Set the system property {@code benchmark.sentBody=false} to leave out the request body that
 * the SDK's request builder hands to the traced call, so the exporter serializes the request
 * fields itself, as it does for an SDK whose body it cannot read.
 */
final class ChatFixtures {

  /**
   * The SDK's chat completion service of a client with default options, never called. The Bridge
   * uses its class loader, and the handler reads its client options.
   */
  static final Object SERVICE =
      OpenAIOkHttpClient.builder()
          .apiKey("benchmark")
          .baseUrl("http://127.0.0.1:9")
          .build()
          .chat()
          .completions();

  static final boolean SENT_BODY =
      !"false".equals(System.getProperty("benchmark.sentBody", "true"));

  /**
   * {@code HttpRequestBodies.json(JsonMapper, Object)}, the SDK's JSON body. It is a Kotlin inline
   * function, which javac does not see, so it is called by reflection.
   */
  private static final Method JSON_BODY = jsonBodyMethod();

  private ChatFixtures() {}

  private static Method jsonBodyMethod() {
    try {
      return HttpRequestBodies.class.getMethod("json", JsonMapper.class, Object.class);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("the SDK has no HttpRequestBodies.json", e);
    }
  }

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
   * Returns the HTTP request body the SDK builds for {@code params}, with its JSON bytes already
   * serialized, as the SDK's HTTP client leaves it after sending; null when {@link #SENT_BODY} is
   * off.
   */
  static HttpRequestBody sentBody(ChatCompletionCreateParams params) {
    if (!SENT_BODY) {
      return null;
    }
    try {
      HttpRequestBody body =
          (HttpRequestBody) JSON_BODY.invoke(null, ObjectMappers.jsonMapper(), params._body());
      body.contentLength();
      return body;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("building the SDK's JSON request body failed", e);
    }
  }

  /**
   * Runs one traced chat call through the Bridge, as the inlined advice does around {@code
   * ChatCompletionServiceImpl.create}, and returns what the advice would return to the app. A
   * non-null {@code sentBody} goes through the request builder's hook inside the call.
   */
  static Object tracedCall(
      ChatCompletionCreateParams params, ChatCompletion completion, HttpRequestBody sentBody) {
    Object state =
        Bridge.enter(
            OpenAiInstrumentationModule.HANDLER, OpenAiOperations.CHAT_CREATE, SERVICE, params);
    if (sentBody != null) {
      RequestBodies.built(sentBody);
    }
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
        // Each call serializes its own body, as each SDK call does.
        tracedCall(params, completion, sentBody(params));
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
}
