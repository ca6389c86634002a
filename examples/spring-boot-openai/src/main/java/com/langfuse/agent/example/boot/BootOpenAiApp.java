package com.langfuse.agent.example.boot;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot command-line application that makes one chat completion and one streamed chat
 * completion with the OpenAI Java SDK, against {@code OPENAI_BASE_URL}, and prints the answers.
 */
@SpringBootApplication
public class BootOpenAiApp implements CommandLineRunner {

  private static final String QUESTION =
      "Answer in up to 3 words: Which ocean contains Bouvet Island?";

  private final OpenAIClient client;

  public BootOpenAiApp(OpenAIClient client) {
    this.client = client;
  }

  public static void main(String[] args) {
    SpringApplication.run(BootOpenAiApp.class, args).close();
  }

  @Bean(destroyMethod = "close")
  static OpenAIClient openAiClient(
      @Value("${OPENAI_BASE_URL:https://api.openai.com/v1}") String baseUrl,
      @Value("${OPENAI_API_KEY:sk-example-not-a-real-key}") String apiKey) {
    return OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey(apiKey).maxRetries(0).build();
  }

  @Override
  public void run(String... args) {
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(QUESTION).build();

    ChatCompletion completion = client.chat().completions().create(params);
    System.out.println("chat: " + completion.choices().get(0).message().content().orElse(""));

    StringBuilder streamed = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(params)) {
      stream.stream()
          .flatMap(chunk -> chunk.choices().stream())
          .forEach(choice -> choice.delta().content().ifPresent(streamed::append));
    }
    System.out.println("streamed: " + streamed);
  }
}
