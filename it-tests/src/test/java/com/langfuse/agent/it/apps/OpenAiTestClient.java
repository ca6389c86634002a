package com.langfuse.agent.it.apps;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;

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
}
