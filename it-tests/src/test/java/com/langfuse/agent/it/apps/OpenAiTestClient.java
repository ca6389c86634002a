package com.langfuse.agent.it.apps;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

/** The OpenAI client that the test applications share: the fake provider, no retries. */
public final class OpenAiTestClient {

  private OpenAiTestClient() {}

  /** Creates a client for the fake provider at {@code OPENAI_BASE_URL}, with retries off. */
  public static OpenAIClient fromEnvironment() {
    return OpenAIOkHttpClient.builder()
        .baseUrl(System.getenv("OPENAI_BASE_URL"))
        .apiKey("sk-test-not-a-real-key")
        .maxRetries(0)
        .build();
  }

  /** Sends one chat call with {@code message} as the user message and returns the text of the first choice. */
  public static String ask(OpenAIClient client, String message) {
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(message).build();
    return client
        .chat()
        .completions()
        .create(params)
        .choices()
        .get(0)
        .message()
        .content()
        .orElse("");
  }
}
