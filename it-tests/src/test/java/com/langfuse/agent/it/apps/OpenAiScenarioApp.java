package com.langfuse.agent.it.apps;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientImpl;
import com.openai.core.ClientOptions;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ReasoningEffort;
import com.openai.models.Reasoning;
import com.openai.models.ResponseFormatText;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ToolChoiceFunction;
import java.lang.ref.WeakReference;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * An application that uses the OpenAI Java SDK and knows nothing of the agent. Each scenario
 * makes real SDK calls against {@code OPENAI_BASE_URL} and prints what the SDK returned, so a run
 * with the agent can be compared with a run without it.
 */
public final class OpenAiScenarioApp {

  private static final String QUESTION =
      "Answer in up to 3 words: Which ocean contains Bouvet Island?";

  private OpenAiScenarioApp() {}

  public static void main(String[] args) throws Exception {
    OpenAIClient client =
        OpenAIOkHttpClient.builder()
            .baseUrl(System.getenv("OPENAI_BASE_URL"))
            .apiKey("sk-test-not-a-real-key")
            .maxRetries(Integer.parseInt(System.getenv().getOrDefault("OPENAI_MAX_RETRIES", "0")))
            .build();
    try {
      for (String scenario : args) {
        System.out.println("== " + scenario);
        try {
          run(client, scenario);
        } catch (RuntimeException e) {
          Throwable shown = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
          System.out.println("threw " + shown.getClass().getName() + ": " + shown.getMessage());
        }
      }
    } finally {
      client.close();
    }
  }

  private static void run(OpenAIClient client, String scenario) throws Exception {
    switch (scenario) {
      case "chat-basic":
        print(client.chat().completions().create(basic().build()));
        break;
      case "chat-options":
        print(
            client
                .chat()
                .completions()
                .create(
                    basic()
                        .temperature(1.0)
                        .topP(1.0)
                        .seed(100L)
                        .stop("foo")
                        .maxCompletionTokens(100L)
                        .frequencyPenalty(0.0)
                        .presencePenalty(0.0)
                        .responseFormat(ResponseFormatText.builder().build())
                        .build()));
        break;
      case "chat-multiple-choices":
        print(client.chat().completions().create(basic().n(2L).build()));
        break;
      case "chat-developer-message":
        print(
            client
                .chat()
                .completions()
                .create(
                    ChatCompletionCreateParams.builder()
                        .model("gpt-4o-mini")
                        .addDeveloperMessage("You are a helpful assistant.")
                        .addUserMessage(QUESTION)
                        .build()));
        break;
      case "chat-tool-calls":
        toolCalls(client);
        break;
      case "chat-stream":
        stream(client, basic().build(), Integer.MAX_VALUE);
        break;
      case "chat-stream-usage":
        stream(
            client,
            basic()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build(),
            Integer.MAX_VALUE);
        break;
      case "chat-stream-close-early":
        stream(client, basic().build(), 2);
        break;
      case "chat-stream-tool-calls":
        stream(client, weatherTools().build(), Integer.MAX_VALUE);
        break;
      case "chat-stream-abandoned":
        abandonStream(client);
        break;
      case "chat-async":
        print(client.async().chat().completions().create(basic().build()).get(30, TimeUnit.SECONDS));
        break;
      case "chat-async-stream":
        StringBuilder text = new StringBuilder();
        client
            .async()
            .chat()
            .completions()
            .createStreaming(basic().build())
            .subscribe(chunk -> appendDelta(text, chunk))
            .onCompleteFuture()
            .get(30, TimeUnit.SECONDS);
        System.out.println("streamed " + text);
        break;
      case "chat-direct-client":
        // Built the way Spring AI 2.x builds it: the client implementation from ClientOptions,
        // with no OpenAIOkHttpClient builder involved.
        OpenAIClient direct =
            new OpenAIClientImpl(
                ClientOptions.builder()
                    .httpClient(com.openai.client.okhttp.OkHttpClient.builder().build())
                    .baseUrl(System.getenv("OPENAI_BASE_URL"))
                    .apiKey("sk-test-not-a-real-key")
                    .maxRetries(0)
                    .build());
        try {
          print(direct.chat().completions().create(basic().build()));
        } finally {
          direct.close();
        }
        break;
      case "chat-raw":
        HttpResponseFor<ChatCompletion> raw =
            client.chat().completions().withRawResponse().create(basic().build());
        System.out.println("status " + raw.statusCode());
        print(raw.parse());
        break;
      case "embeddings":
        printEmbedding(
            client
                .embeddings()
                .create(
                    EmbeddingCreateParams.builder()
                        .model("text-embedding-3-small")
                        .input("South Atlantic Ocean.")
                        .build()));
        break;
      case "responses-reasoning":
        printResponse(
            client
                .responses()
                .create(
                    ResponseCreateParams.builder()
                        .model("gpt-5.4")
                        .input("Write a bash script that transposes a matrix.")
                        .maxOutputTokens(300L)
                        .reasoning(Reasoning.builder().effort(ReasoningEffort.LOW).build())
                        .build()));
        break;
      case "responses-function-call":
        printResponse(
            client
                .responses()
                .create(
                    ResponseCreateParams.builder()
                        .model("gpt-4o-mini")
                        .input("What's the weather in Seattle right now?")
                        .addTool(
                            FunctionTool.builder()
                                .name("get_current_weather")
                                .parameters(
                                    FunctionTool.Parameters.builder()
                                        .putAdditionalProperty("type", JsonValue.from("object"))
                                        .putAdditionalProperty(
                                            "properties",
                                            JsonValue.from(
                                                Map.of(
                                                    "location", Map.of("type", "string"))))
                                        .build())
                                .strict(true)
                                .build())
                        .toolChoice(ToolChoiceFunction.builder().name("get_current_weather").build())
                        .build()));
        break;
      case "responses-stream":
        StringBuilder output = new StringBuilder();
        try (StreamResponse<ResponseStreamEvent> events =
            client
                .responses()
                .createStreaming(
                    ResponseCreateParams.builder()
                        .model("gpt-4o-mini")
                        .instructions("You are a helpful assistant.")
                        .input("Say this is a test")
                        .build())) {
          events
              .stream()
              .forEach(
                  event -> event.outputTextDelta().ifPresent(delta -> output.append(delta.delta())));
        }
        System.out.println("streamed " + output);
        break;
      case "error-404":
      case "error-500":
        print(client.chat().completions().create(basic().model("gpt-5-nonexistent").build()));
        break;
      default:
        throw new IllegalArgumentException("unknown scenario " + scenario);
    }
  }

  private static ChatCompletionCreateParams.Builder basic() {
    return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(QUESTION);
  }

  private static ChatCompletionCreateParams.Builder weatherTools() {
    return ChatCompletionCreateParams.builder()
        .model("gpt-4o-mini")
        .addSystemMessage("You are a helpful assistant providing weather updates.")
        .addUserMessage("What is the weather in New York City and London?")
        .addFunctionTool(
            FunctionDefinition.builder()
                .name("get_weather")
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

  private static void toolCalls(OpenAIClient client) {
    ChatCompletion first = client.chat().completions().create(weatherTools().build());
    print(first);
    ChatCompletionCreateParams.Builder second =
        weatherTools().addMessage(first.choices().get(0).message());
    first
        .choices()
        .get(0)
        .message()
        .toolCalls()
        .ifPresent(
            calls ->
                calls.forEach(
                    call ->
                        second.addMessage(
                            ChatCompletionToolMessageParam.builder()
                                .toolCallId(call.asFunction().id())
                                .content(
                                    call.asFunction().function().arguments().contains("London")
                                        ? "15 degrees and raining"
                                        : "25 degrees and sunny")
                                .build())));
    print(client.chat().completions().create(second.build()));
  }

  private static void stream(OpenAIClient client, ChatCompletionCreateParams params, int maxChunks) {
    StringBuilder text = new StringBuilder();
    int chunks = 0;
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(params)) {
      Iterator<ChatCompletionChunk> iterator = stream.stream().iterator();
      while (iterator.hasNext() && chunks < maxChunks) {
        ChatCompletionChunk chunk = iterator.next();
        appendDelta(text, chunk);
        chunk.usage().ifPresent(usage -> text.append(" [usage total=").append(usage.totalTokens()).append(']'));
        chunks++;
      }
    }
    System.out.println("streamed " + chunks + " chunks: " + text);
  }

  /**
   * Reads two chunks of a stream, drops the stream without closing it, and runs the garbage
   * collector until the stream is collected, for at most 10 seconds.
   */
  private static void abandonStream(OpenAIClient client) throws InterruptedException {
    WeakReference<StreamResponse<ChatCompletionChunk>> dropped = readTwoChunks(client);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (dropped.get() != null && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(20);
    }
    System.out.println("stream collected: " + (dropped.get() == null));
  }

  /** Keeps the stream in this frame only, so it is unreachable once this method returns. */
  private static WeakReference<StreamResponse<ChatCompletionChunk>> readTwoChunks(
      OpenAIClient client) {
    StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(basic().build());
    Iterator<ChatCompletionChunk> iterator = stream.stream().iterator();
    StringBuilder text = new StringBuilder();
    for (int chunks = 0; chunks < 2 && iterator.hasNext(); chunks++) {
      appendDelta(text, iterator.next());
    }
    System.out.println("abandoned after 2 chunks: " + text);
    return new WeakReference<>(stream);
  }

  private static void appendDelta(StringBuilder text, ChatCompletionChunk chunk) {
    for (ChatCompletionChunk.Choice choice : chunk.choices()) {
      choice.delta().content().ifPresent(text::append);
      choice
          .delta()
          .toolCalls()
          .ifPresent(
              calls ->
                  calls.forEach(
                      call ->
                          call.function()
                              .flatMap(ChatCompletionChunk.Choice.Delta.ToolCall.Function::arguments)
                              .ifPresent(text::append)));
    }
  }

  private static void print(ChatCompletion completion) {
    System.out.println(completion);
  }

  private static void printEmbedding(CreateEmbeddingResponse response) {
    System.out.println(
        "embeddings "
            + response.data().size()
            + " x "
            + response.data().get(0).embedding().size()
            + " usage "
            + response.usage());
  }

  private static void printResponse(Response response) {
    System.out.println(response);
  }
}
