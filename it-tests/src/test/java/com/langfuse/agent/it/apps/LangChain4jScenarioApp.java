package com.langfuse.agent.it.apps;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.TokenStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An application that uses LangChain4j and has no code for the agent. Each scenario makes real
 * LangChain4j calls against the provider at {@code FAKE_PROVIDER_URL} and prints what LangChain4j
 * returned, so a run with the agent can be compared with a run without it. Every scenario starts
 * one root observation when traced, so the roots, in start order, line up with the scenarios.
 */
public final class LangChain4jScenarioApp {

  /** The scenarios {@code LangChain4jAgentTest} runs, in order. */
  public static final String[] SCENARIOS = {
    "openai-chat",
    "openai-stream",
    "anthropic-chat",
    "anthropic-stream",
    "gemini-chat",
    "gemini-stream",
    "ollama-chat",
    "embedding",
    "ai-service-tools",
    "ai-service-chain",
    "ai-service-stream",
    "sdk-below-langchain4j",
    "openai-error-404",
    "openai-stream-error-500",
  };

  /** Paths for the error scenarios, apart from the paths the other scenarios use. */
  public static final String ERROR_404_PATH = "/error-404/v1/chat/completions";

  public static final String ERROR_500_PATH = "/error-500/v1/chat/completions";

  private static final String API_KEY = "sk-test-not-a-real-key";

  private final String baseUrl;

  private LangChain4jScenarioApp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public static void main(String[] args) throws Exception {
    LangChain4jScenarioApp app = new LangChain4jScenarioApp(System.getenv("FAKE_PROVIDER_URL"));
    for (String scenario : args) {
      System.out.println("== " + scenario);
      try {
        app.run(scenario);
      } catch (RuntimeException e) {
        System.out.println("threw " + e.getClass().getName());
      }
    }
  }

  /** An AI Service with tools: the model calls {@link WeatherTools} before its final reply. */
  interface WeatherAssistant {
    String chat(String message);
  }

  /** An AI Service with tools whose replies stream. */
  interface StreamingWeatherAssistant {
    TokenStream chat(String message);
  }

  /** An AI Service without tools. */
  interface Assistant {
    String chat(String message);
  }

  /** The tool the weather assistant offers the model. */
  public static final class WeatherTools {
    @Tool(name = "get_weather", value = "Returns the current weather in a city")
    public String getWeather(@P("the city") String location) {
      return location.contains("London") ? "15 degrees and raining" : "25 degrees and sunny";
    }
  }

  private void run(String scenario) throws Exception {
    switch (scenario) {
      case "openai-chat":
        print(
            openAi(baseUrl + "/v1")
                .chat(
                    ChatRequest.builder()
                        .messages(
                            SystemMessage.from("You are a helpful assistant."),
                            UserMessage.from("Say this is a test"))
                        .build()));
        break;
      case "openai-stream":
        stream(
            OpenAiStreamingChatModel.builder()
                .baseUrl(baseUrl + "/v1")
                .apiKey(API_KEY)
                .modelName("gpt-4o-mini")
                .temperature(0.5)
                .build());
        break;
      case "anthropic-chat":
        print(
            AnthropicChatModel.builder()
                .baseUrl(baseUrl + "/v1/")
                .apiKey(API_KEY)
                .modelName("claude-sonnet-4-20250514")
                .maxTokens(100)
                .topK(5)
                .maxRetries(0)
                .build()
                .chat(ChatRequest.builder().messages(UserMessage.from("Say hello")).build()));
        break;
      case "anthropic-stream":
        stream(
            AnthropicStreamingChatModel.builder()
                .baseUrl(baseUrl + "/v1/")
                .apiKey(API_KEY)
                .modelName("claude-sonnet-4-20250514")
                .maxTokens(100)
                .build());
        break;
      case "gemini-chat":
        print(
            GoogleAiGeminiChatModel.builder()
                .baseUrl(baseUrl + "/v1beta")
                .apiKey(API_KEY)
                .modelName("gemini-2.5-flash")
                .temperature(0.2)
                .maxRetries(0)
                .build()
                .chat(ChatRequest.builder().messages(UserMessage.from("Say hello")).build()));
        break;
      case "gemini-stream":
        stream(
            GoogleAiGeminiStreamingChatModel.builder()
                .baseUrl(baseUrl + "/v1beta")
                .apiKey(API_KEY)
                .modelName("gemini-2.5-flash")
                .build());
        break;
      case "ollama-chat":
        print(
            OllamaChatModel.builder()
                .baseUrl(baseUrl)
                .modelName("llama3.2")
                .temperature(0.1)
                .maxRetries(0)
                .build()
                .chat(ChatRequest.builder().messages(UserMessage.from("Say hello")).build()));
        break;
      case "embedding":
        EmbeddingModel embeddings =
            OpenAiEmbeddingModel.builder()
                .baseUrl(baseUrl + "/v1")
                .apiKey(API_KEY)
                .modelName("text-embedding-3-small")
                .maxRetries(0)
                .build();
        var embedded = embeddings.embedAll(List.of(TextSegment.from("The quick brown fox")));
        System.out.println(
            "embedding: "
                + embedded.content().size()
                + " x "
                + embedded.content().get(0).dimension()
                + ", "
                + usage(embedded.tokenUsage()));
        break;
      case "ai-service-tools":
        WeatherAssistant weather =
            AiServices.builder(WeatherAssistant.class)
                .chatModel(openAi(baseUrl + "/v1"))
                .tools(new WeatherTools())
                .build();
        System.out.println(
            "answer: " + weather.chat("What is the weather in New York City and London?"));
        break;
      case "ai-service-chain":
        Assistant assistant = AiServices.create(Assistant.class, openAi(baseUrl + "/v1"));
        System.out.println("answer: " + assistant.chat("Say this is a test"));
        break;
      case "ai-service-stream":
        StreamingWeatherAssistant streaming =
            AiServices.builder(StreamingWeatherAssistant.class)
                .streamingChatModel(
                    OpenAiStreamingChatModel.builder()
                        .baseUrl(baseUrl + "/v1")
                        .apiKey(API_KEY)
                        .modelName("gpt-4o-mini")
                        .build())
                .tools(new WeatherTools())
                .build();
        CompletableFuture<ChatResponse> streamed = new CompletableFuture<>();
        streaming
            .chat("What is the weather in New York City and London?")
            .onPartialResponse(token -> {})
            .onCompleteResponse(streamed::complete)
            .onError(streamed::completeExceptionally)
            .start();
        String reply = streamed.get(30, TimeUnit.SECONDS).aiMessage().text();
        System.out.println("streamed answer: " + first(reply));
        break;
      case "sdk-below-langchain4j":
        try (OpenAiSdkChatModel model = new OpenAiSdkChatModel(baseUrl + "/v1")) {
          print(model.chat(ChatRequest.builder().messages(UserMessage.from("Say hello")).build()));
        }
        break;
      case "openai-error-404":
        try {
          openAi(baseUrl + "/error-404/v1")
              .chat(ChatRequest.builder().messages(UserMessage.from("Say hello")).build());
          System.out.println("unexpected success");
        } catch (RuntimeException expected) {
          System.out.println("chat failed: " + expected.getClass().getName());
        }
        break;
      case "openai-stream-error-500":
        stream(
            OpenAiStreamingChatModel.builder()
                .baseUrl(baseUrl + "/error-500/v1")
                .apiKey(API_KEY)
                .modelName("gpt-4o-mini")
                .build());
        break;
      default:
        throw new IllegalArgumentException("unknown scenario " + scenario);
    }
  }

  /**
   * A chat model that calls the official OpenAI Java SDK, as {@code langchain4j-open-ai-official}
   * does. The agent instruments both layers, so one request must still give one generation.
   */
  static final class OpenAiSdkChatModel implements ChatModel, AutoCloseable {
    private final OpenAIClient client;

    OpenAiSdkChatModel(String url) {
      client = OpenAIOkHttpClient.builder().baseUrl(url).apiKey(API_KEY).maxRetries(0).build();
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
      return ChatRequestParameters.builder().modelName("gpt-4o-mini").build();
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
      ChatCompletionCreateParams.Builder params =
          ChatCompletionCreateParams.builder().model(request.parameters().modelName());
      for (ChatMessage message : request.messages()) {
        if (message instanceof UserMessage) {
          params.addUserMessage(((UserMessage) message).singleText());
        }
      }
      ChatCompletion completion = client.chat().completions().create(params.build());
      return ChatResponse.builder()
          .aiMessage(AiMessage.from(completion.choices().get(0).message().content().orElse("")))
          .id(completion.id())
          .modelName(completion.model())
          .build();
    }

    @Override
    public void close() {
      client.close();
    }
  }

  private static ChatModel openAi(String url) {
    return OpenAiChatModel.builder()
        .baseUrl(url)
        .apiKey(API_KEY)
        .modelName("gpt-4o-mini")
        .temperature(0.7)
        .topP(0.9)
        .maxTokens(50)
        .maxRetries(0)
        .build();
  }

  /** Streams one reply and prints it once the handler completes, or prints the error. */
  private static void stream(StreamingChatModel model) throws Exception {
    StringBuilder text = new StringBuilder();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    model.chat(
        ChatRequest.builder().messages(UserMessage.from("Say this is a test")).build(),
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String partialResponse) {
            text.append(partialResponse);
          }

          @Override
          public void onCompleteResponse(ChatResponse completeResponse) {
            done.complete(completeResponse);
          }

          @Override
          public void onError(Throwable error) {
            done.completeExceptionally(error);
          }
        });
    try {
      ChatResponse response = done.get(30, TimeUnit.SECONDS);
      String streamed = first(text.toString());
      System.out.println("streamed: " + streamed + " | " + usage(response.tokenUsage()));
    } catch (java.util.concurrent.ExecutionException e) {
      System.out.println("stream failed: " + e.getCause().getClass().getName());
    }
  }

  private static void print(ChatResponse response) {
    System.out.println(
        "chat: "
            + first(response.aiMessage().text())
            + " | "
            + response.finishReason()
            + " | "
            + usage(response.tokenUsage()));
  }

  /** Returns the first line of a text, at most 40 characters of it. */
  private static String first(String text) {
    String line = text.lines().findFirst().orElse("");
    return line.length() <= 40 ? line : line.substring(0, 40);
  }

  private static String usage(TokenUsage usage) {
    return usage == null
        ? "no usage"
        : usage.inputTokenCount() + "/" + usage.outputTokenCount() + "/" + usage.totalTokenCount();
  }
}
