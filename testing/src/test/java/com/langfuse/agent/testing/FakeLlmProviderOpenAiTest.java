package com.langfuse.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Serves the recorded OpenAI cases to the real OpenAI Java SDK. */
class FakeLlmProviderOpenAiTest {

  private static final String QUESTION =
      "Answer in up to 3 words: Which ocean contains Bouvet Island?";

  private FakeLlmProvider provider;
  private OpenAIClient client;

  @BeforeEach
  void startProvider() {
    provider = new FakeLlmProvider().start();
    client =
        OpenAIOkHttpClient.builder()
            .baseUrl(provider.openAiBaseUrl())
            .apiKey("sk-test-not-a-real-key")
            .maxRetries(0)
            .timeout(Duration.ofSeconds(20))
            .build();
  }

  @AfterEach
  void stopProvider() {
    client.close();
    provider.close();
  }

  @Test
  void chatBasicReturnsRecordedAnswer() {
    ChatCompletion completion = client.chat().completions().create(question().build());

    assertThat(completion.choices().get(0).message().content()).hasValue("Atlantic Ocean");
    assertThat(completion.model()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(22);
  }

  @Test
  void chatRequestIsRecorded() {
    client.chat().completions().create(question().build());

    RecordedRequest request = provider.awaitRequests(1, Duration.ofSeconds(5)).get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v1/chat/completions");
    assertThat(request.header("Authorization")).isEqualTo("Bearer sk-test-not-a-real-key");
    assertThat(request.json().path("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(request.body()).contains("Bouvet Island");
  }

  @Test
  void chatMultipleChoicesReturnsTwo() {
    ChatCompletion completion = client.chat().completions().create(question().n(2L).build());

    assertThat(completion.choices()).hasSize(2);
  }

  @Test
  void chatStreamDeliversEveryChunk() {
    List<ChatCompletionChunk> chunks = stream(question().build());

    assertThat(chunks).hasSize(5);
    assertThat(text(chunks)).isEqualTo("Atlantic Ocean.");
    assertThat(chunks.stream().filter(chunk -> chunk.usage().isPresent())).isEmpty();
  }

  @Test
  void chatStreamIncludeUsageEndsWithUsage() {
    ChatCompletionStreamOptions includeUsage =
        ChatCompletionStreamOptions.builder().includeUsage(true).build();

    List<ChatCompletionChunk> chunks = stream(question().streamOptions(includeUsage).build());

    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertThat(last.choices()).isEmpty();
    assertThat(last.usage().orElseThrow().totalTokens()).isEqualTo(25);
  }

  @Test
  void chatToolCallsRoundTripAnswersBothTurns() {
    ChatCompletion first = client.chat().completions().create(weatherTools().build());
    List<ChatCompletionMessageToolCall> calls =
        first.choices().get(0).message().toolCalls().orElseThrow();
    ChatCompletionCreateParams.Builder second =
        weatherTools().addMessage(first.choices().get(0).message());
    for (ChatCompletionMessageToolCall call : calls) {
      second.addMessage(
          ChatCompletionToolMessageParam.builder()
              .toolCallId(call.asFunction().id())
              .content("25 degrees and sunny")
              .build());
    }
    ChatCompletion answer = client.chat().completions().create(second.build());

    assertThat(calls).hasSize(2);
    assertThat(calls.get(1).asFunction().function().arguments()).contains("London");
    assertThat(answer.choices().get(0).message().content().orElseThrow())
        .contains("15 degrees and raining");
  }

  @Test
  void chatStreamToolCallsStreamsArguments() {
    List<ChatCompletionChunk> chunks = stream(weatherTools().build());

    StringBuilder arguments = new StringBuilder();
    for (ChatCompletionChunk chunk : chunks) {
      for (ChatCompletionChunk.Choice choice : chunk.choices()) {
        choice.delta().toolCalls().stream()
            .flatMap(List::stream)
            .forEach(
                call ->
                    call.function()
                        .flatMap(ChatCompletionChunk.Choice.Delta.ToolCall.Function::arguments)
                        .ifPresent(arguments::append));
      }
    }
    assertThat(arguments.toString()).contains("New York City").contains("London");
  }

  @Test
  void embeddingsDefaultRequestsBase64() {
    CreateEmbeddingResponse response =
        client
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model("text-embedding-3-small")
                    .input("South Atlantic Ocean.")
                    .build());

    RecordedRequest request = provider.awaitRequests(1, Duration.ofSeconds(5)).get(0);
    assertThat(request.json().path("encoding_format").asText()).isEqualTo("base64");
    assertThat(response.data().get(0).embedding()).hasSize(1536);
    assertThat(response.usage().promptTokens()).isEqualTo(4);
  }

  @Test
  void embeddingsFloatFormatReturnsFloats() {
    CreateEmbeddingResponse response =
        client
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model("text-embedding-3-small")
                    .input("South Atlantic Ocean.")
                    .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT)
                    .build());

    assertThat(response.data().get(0).embedding()).hasSize(1536);
  }

  @Test
  void responsesReportReasoningTokens() {
    Response response =
        client
            .responses()
            .create(ResponseCreateParams.builder().model("gpt-5.4").input("Transpose").build());

    assertThat(response.usage().orElseThrow().outputTokensDetails().reasoningTokens()).isEqualTo(9);
  }

  @Test
  void responsesFunctionCallReturnsCall() {
    Response response =
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
                                    .build())
                            .strict(false)
                            .build())
                    .build());

    assertThat(response.output().get(0).functionCall().orElseThrow().name())
        .isEqualTo("get_current_weather");
  }

  @Test
  void responsesStreamingDeliversTextDeltas() {
    StringBuilder text = new StringBuilder();
    try (StreamResponse<ResponseStreamEvent> events =
        client
            .responses()
            .createStreaming(
                ResponseCreateParams.builder()
                    .model("gpt-4o-mini")
                    .input("Say this is a test")
                    .build())) {
      events.stream()
          .forEach(event -> event.outputTextDelta().ifPresent(delta -> text.append(delta.delta())));
    }

    assertThat(text.toString()).isEqualTo("This is a test.");
  }

  @Test
  void enqueuedNotFoundRaisesNotFoundException() {
    provider.enqueue("openai/chat-error-404");

    assertThatThrownBy(() -> client.chat().completions().create(question().build()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("this-model-does-not-exist");
  }

  @Test
  void enqueuedCaseAnswersOnlyOnce() {
    provider.enqueue("openai/chat-error-404");

    assertThatThrownBy(() -> client.chat().completions().create(question().build()))
        .isInstanceOf(NotFoundException.class);
    ChatCompletion next = client.chat().completions().create(question().build());
    assertThat(next.choices().get(0).message().content()).hasValue("Atlantic Ocean");
  }

  private List<ChatCompletionChunk> stream(ChatCompletionCreateParams params) {
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunks::add);
    }
    return chunks;
  }

  private static String text(List<ChatCompletionChunk> chunks) {
    StringBuilder text = new StringBuilder();
    for (ChatCompletionChunk chunk : chunks) {
      chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
    }
    return text.toString();
  }

  private static ChatCompletionCreateParams.Builder question() {
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
                        .putAdditionalProperty(
                            "properties",
                            JsonValue.from(Map.of("location", Map.of("type", "string"))))
                        .build())
                .build());
  }
}
