package com.langfuse.agent.instrumentation.openai;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.core.http.HttpRequestBodies;
import com.openai.core.http.HttpRequestBody;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.services.blocking.chat.ChatCompletionService;

/** Request bodies and services as the SDK builds them, for tests of the sent-body path. */
final class SentBodies {

  private SentBodies() {}

  /**
   * Returns the chat service of a client with default options except for no retries, pointed at a
   * closed port.
   */
  static ChatCompletionService defaultService() {
    return OpenAIOkHttpClient.builder()
        .apiKey("test")
        .baseUrl("http://127.0.0.1:9")
        .maxRetries(0)
        .build()
        .chat()
        .completions();
  }

  /** Returns the chat service of a client whose JSON mapper is not the SDK's shared one. */
  static Object serviceWithOwnMapper() {
    return OpenAIOkHttpClient.builder()
        .apiKey("test")
        .baseUrl("http://127.0.0.1:9")
        .jsonMapper(ObjectMappers.jsonMapper().copy())
        .build()
        .chat()
        .completions();
  }

  /**
   * Returns the SDK's JSON request body of {@code value}, written by the SDK's shared mapper. The
   * SDK's {@code HttpRequestBodies.json} is a Kotlin inline function, which javac does not see, so
   * it is called by reflection.
   */
  static HttpRequestBody json(Object value) {
    return json(ObjectMappers.jsonMapper(), value);
  }

  static HttpRequestBody json(JsonMapper mapper, Object value) {
    try {
      return (HttpRequestBody)
          HttpRequestBodies.class
              .getMethod("json", JsonMapper.class, Object.class)
              .invoke(null, mapper, value);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("building the SDK's JSON request body failed", e);
    }
  }

  /** Returns {@code body} as {@code createStreaming} sends it, with {@code "stream": true}. */
  static ChatCompletionCreateParams.Body streaming(ChatCompletionCreateParams.Body body) {
    return body.toBuilder().putAdditionalProperty("stream", JsonValue.from(true)).build();
  }
}
