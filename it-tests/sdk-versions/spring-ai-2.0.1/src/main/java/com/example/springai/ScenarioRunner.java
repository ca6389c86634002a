package com.example.springai;

import java.util.List;
import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The scenarios. Each returns a line describing what Spring AI returned. The it-test wraps {@link
 * #run} in a span through {@code LANGFUSE_TRACE_METHODS}, so each scenario is one trace.
 */
@Component
public class ScenarioRunner {

  private static final String QUESTION =
      "Answer in up to 3 words: Which ocean contains Bouvet Island?";
  private static final String WEATHER_QUESTION =
      "What is the weather like in New York City and London?";

  private final OpenAiChatModel openAi;
  private final AnthropicChatModel anthropic;
  private final EmbeddingModel embeddings;
  private final String baseUrl;

  public ScenarioRunner(
      OpenAiChatModel openAi,
      AnthropicChatModel anthropic,
      EmbeddingModel embeddings,
      @Value("${spring.ai.openai.base-url}") String baseUrl) {
    this.openAi = openAi;
    this.anthropic = anthropic;
    this.embeddings = embeddings;
    this.baseUrl = baseUrl;
  }

  public String run(String scenario) {
    switch (scenario) {
      case "openai-client-call":
        return ChatClient.create(openAi).prompt().user(QUESTION).call().content();
      case "openai-model-options":
        return text(
            openAi.call(
                new Prompt(
                    QUESTION,
                    OpenAiChatOptions.builder()
                        .model("gpt-4o-mini")
                        .temperature(0.2)
                        .maxTokens(50)
                        .topP(0.9)
                        .build())));
      case "openai-client-stream":
        return String.join(
            "", ChatClient.create(openAi).prompt().user(QUESTION).stream().content().collectList().block());
      case "openai-stream-usage":
        List<ChatResponse> chunks =
            openAi
                .stream(new Prompt(QUESTION, OpenAiChatOptions.builder().model("gpt-4o-mini").streamUsage(true).build()))
                .collectList()
                .block();
        return chunks.size() + " chunks, " + chunks.get(chunks.size() - 1).getMetadata().getUsage().getTotalTokens() + " tokens";
      case "openai-client-tools":
        return ChatClient.create(openAi)
            .prompt()
            .user(WEATHER_QUESTION)
            .tools(new WeatherTools())
            .call()
            .content();
      case "openai-stream-tools":
        return String.join(
            "",
            ChatClient.create(openAi)
                .prompt()
                .user(WEATHER_QUESTION)
                .tools(new WeatherTools())
                .stream()
                .content()
                .collectList()
                .block());
      case "openai-error":
        OpenAiChatModel missing =
            OpenAiChatModel.builder()
                .options(
                    OpenAiChatOptions.builder()
                        .baseUrl(baseUrl + "/missing")
                        .apiKey("sk-test")
                        .model("gpt-4o-mini")
                        .maxRetries(0)
                        .build())
                .build();
        return ChatClient.create(missing).prompt().user(QUESTION).call().content();
      case "anthropic-client-call":
        return ChatClient.create(anthropic)
            .prompt()
            .user(QUESTION)
            .options(AnthropicChatOptions.builder().maxTokens(100))
            .call()
            .content();
      case "anthropic-client-stream":
        return String.join(
            "",
            ChatClient.create(anthropic).prompt().user(QUESTION).stream().content().collectList().block());
      case "openai-embedding":
        return embeddings.embed("Hello world").length + " dimensions";
      default:
        throw new IllegalArgumentException("unknown scenario " + scenario);
    }
  }

  private static String text(ChatResponse response) {
    return response.getResult().getOutput().getText();
  }
}
