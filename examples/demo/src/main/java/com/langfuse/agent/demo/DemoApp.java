package com.langfuse.agent.demo;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A plain application that calls an OpenAI-compatible API with the official OpenAI Java SDK and
 * knows nothing of the agent: a chat completion, a streamed chat completion with usage, a tool call
 * round trip of two turns, and an embedding. It prints one line per call.
 *
 * <p>Reads {@code OPENAI_BASE_URL} (for example {@code http://127.0.0.1:8080/v1}) and {@code
 * OPENAI_API_KEY}. Exits with status 1 when a call fails.
 */
public final class DemoApp {

  private static final String MODEL = "gpt-4o-mini";
  private static final String QUESTION =
      "Answer in up to 3 words: Which ocean contains Bouvet Island?";

  private DemoApp() {}

  public static void main(String[] args) {
    String baseUrl = System.getenv("OPENAI_BASE_URL");
    if (baseUrl == null || baseUrl.isBlank()) {
      System.err.println(
          "OPENAI_BASE_URL is not set: set it to an OpenAI-compatible API, such as"
              + " http://127.0.0.1:<port>/v1");
      System.exit(2);
    }
    String apiKey = System.getenv().getOrDefault("OPENAI_API_KEY", "sk-demo-not-a-real-key");
    try {
      run(baseUrl, apiKey, System.out);
    } catch (RuntimeException e) {
      System.err.println("demo call failed: " + e);
      System.exit(1);
    }
  }

  /** Makes the demo's calls against {@code baseUrl} and prints one line per call to {@code out}. */
  static void run(String baseUrl, String apiKey, PrintStream out) {
    OpenAIClient client =
        OpenAIOkHttpClient.builder()
            .baseUrl(baseUrl)
            .apiKey(apiKey)
            .timeout(Duration.ofSeconds(30))
            .build();
    try {
      chat(client, out);
      streamingChat(client, out);
      toolCallRoundTrip(client, out);
      embedding(client, out);
    } finally {
      client.close();
    }
  }

  private static void chat(OpenAIClient client, PrintStream out) {
    ChatCompletion completion =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder().model(MODEL).addUserMessage(QUESTION).build());
    out.println("chat:      " + completion.choices().get(0).message().content().orElse(""));
  }

  private static void streamingChat(OpenAIClient client, PrintStream out) {
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder()
            .model(MODEL)
            .addUserMessage(QUESTION)
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
            .build();
    StringBuilder text = new StringBuilder();
    long totalTokens = 0;
    int chunks = 0;
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(params)) {
      Iterator<ChatCompletionChunk> iterator = stream.stream().iterator();
      while (iterator.hasNext()) {
        ChatCompletionChunk chunk = iterator.next();
        chunks++;
        for (ChatCompletionChunk.Choice choice : chunk.choices()) {
          choice.delta().content().ifPresent(text::append);
        }
        if (chunk.usage().isPresent()) {
          totalTokens = chunk.usage().get().totalTokens();
        }
      }
    }
    out.println("streamed:  " + text + " (" + chunks + " chunks, " + totalTokens + " tokens)");
  }

  private static void toolCallRoundTrip(OpenAIClient client, PrintStream out) {
    ChatCompletion first = client.chat().completions().create(weatherQuestion().build());
    ChatCompletionMessage assistant = first.choices().get(0).message();
    ChatCompletionCreateParams.Builder second = weatherQuestion().addMessage(assistant);
    List<String> called = new ArrayList<>();
    for (ChatCompletionMessageToolCall call : assistant.toolCalls().orElse(List.of())) {
      ChatCompletionMessageFunctionToolCall function = call.asFunction();
      String arguments = function.function().arguments();
      called.add(function.function().name() + arguments);
      second.addMessage(
          ChatCompletionToolMessageParam.builder()
              .toolCallId(function.id())
              .content(weatherFor(arguments))
              .build());
    }
    out.println("tool call: " + String.join(", ", called));

    ChatCompletion answer = client.chat().completions().create(second.build());
    out.println("answer:    " + answer.choices().get(0).message().content().orElse(""));
  }

  /** Returns the demo's made-up tool result for the arguments of one get_weather call. */
  private static String weatherFor(String arguments) {
    return arguments.contains("London") ? "15 degrees and raining" : "25 degrees and sunny";
  }

  private static void embedding(OpenAIClient client, PrintStream out) {
    CreateEmbeddingResponse response =
        client
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model("text-embedding-3-small")
                    .input("South Atlantic Ocean.")
                    .build());
    List<Float> vector = response.data().get(0).embedding();
    out.println(
        "embedding: "
            + vector.size()
            + " dimensions, first "
            + vector.get(0)
            + ", "
            + response.usage().promptTokens()
            + " input tokens");
  }

  private static ChatCompletionCreateParams.Builder weatherQuestion() {
    return ChatCompletionCreateParams.builder()
        .model(MODEL)
        .addSystemMessage("You are a helpful assistant providing weather updates.")
        .addUserMessage("What is the weather in New York City and London?")
        .addFunctionTool(
            FunctionDefinition.builder()
                .name("get_weather")
                .description("The current weather of a city")
                .parameters(
                    FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("required", JsonValue.from(List.of("location")))
                        .putAdditionalProperty(
                            "properties",
                            JsonValue.from(Map.of("location", Map.of("type", "string"))))
                        .build())
                .build());
  }
}
