package com.langfuse.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIIoException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Programmed responses, routing and request recording of {@link FakeLlmProvider}. */
@Timeout(60)
class FakeLlmProviderFaultTest {

  private final HttpClient http = HttpClient.newHttpClient();
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
  void programmedStatusReachesSdk() {
    provider.enqueue(
        FakeResponse.json(
            500, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"));

    assertThatThrownBy(() -> client.chat().completions().create(question()))
        .isInstanceOf(InternalServerException.class)
        .hasMessageContaining("overloaded");
  }

  @Test
  void programmedHeaderIsSent() throws Exception {
    provider.enqueue(FakeResponse.json(429, "{}").withHeader("Retry-After", "7"));

    HttpResponse<String> response = post("/v1/chat/completions", "{}", Duration.ofSeconds(10));

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
  }

  @Test
  void streamCutOffFailsSdkMidStream() {
    provider.enqueue(FakeResponse.recording("openai/chat-stream").cutAfterEvents(2));
    List<ChatCompletionChunk> chunks = new ArrayList<>();

    assertThatThrownBy(
            () -> {
              try (StreamResponse<ChatCompletionChunk> stream =
                  client.chat().completions().createStreaming(question())) {
                stream.stream().forEach(chunks::add);
              }
            })
        .isInstanceOf(OpenAIIoException.class);
    assertThat(chunks).hasSize(2);
  }

  @Test
  void closedConnectionFailsSdkCall() {
    provider.enqueue(FakeResponse.closeConnection());

    assertThatThrownBy(() -> client.chat().completions().create(question()))
        .isInstanceOf(OpenAIIoException.class);
  }

  @Test
  void eventsArriveBeforeStreamEnds() throws Exception {
    provider.enqueue(
        FakeResponse.sse("data: {\"n\":1}\n\n", "data: {\"n\":2}\n\n").hangAfterEvents(1));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(provider.openAiBaseUrl() + "/chat/completions"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true}"))
            .build();

    HttpResponse<InputStream> response =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      // The server stalls after the first event, so this line can only come from a flushed chunk.
      assertThat(reader.readLine()).isEqualTo("data: {\"n\":1}");
      provider.close();
      assertThatThrownBy(() -> drain(reader)).isInstanceOf(IOException.class);
    }
  }

  @Test
  void hangingResponseTimesOutClient() {
    provider.enqueue(FakeResponse.hang());

    assertThatThrownBy(() -> post("/v1/chat/completions", "{}", Duration.ofMillis(300)))
        .isInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void headerDelayTimesOutShortClient() {
    provider.enqueue(FakeResponse.json(200, "{}").withHeaderDelay(Duration.ofSeconds(30)));

    assertThatThrownBy(() -> post("/v1/chat/completions", "{}", Duration.ofMillis(300)))
        .isInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void routedResponsesAnswerInOrder() throws Exception {
    provider.enqueue(FakeResponse.json(201, "{}").forRoute("POST", "/v1/embeddings"));
    provider.enqueue(FakeResponse.json(202, "{}").forRoute("POST", "/v1/embeddings"));

    int chat = post("/v1/chat/completions", "{}", Duration.ofSeconds(10)).statusCode();
    int firstEmbedding = post("/v1/embeddings", "{}", Duration.ofSeconds(10)).statusCode();
    int secondEmbedding = post("/v1/embeddings", "{}", Duration.ofSeconds(10)).statusCode();

    assertThat(chat).isEqualTo(200);
    assertThat(firstEmbedding).isEqualTo(201);
    assertThat(secondEmbedding).isEqualTo(202);
  }

  @Test
  void unknownPathGetsNotFound() throws Exception {
    HttpResponse<String> response = post("/v1/unknown", "{}", Duration.ofSeconds(10));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("no recording for POST /v1/unknown");
  }

  @Test
  void anthropicStreamIsDefaultForStreamingMessage() throws Exception {
    HttpResponse<String> response =
        post("/v1/messages", "{\"stream\":true,\"model\":\"claude\"}", Duration.ofSeconds(10));

    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/event-stream; charset=utf-8");
    assertThat(response.body()).isEqualTo(recordedBody("anthropic/messages-streaming"));
  }

  @Test
  void anthropicErrorKeepsShouldRetryHeader() throws Exception {
    provider.enqueue("anthropic/messages-error-404");

    HttpResponse<String> response = post("/v1/messages", "{}", Duration.ofSeconds(10));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("x-should-retry")).hasValue("false");
  }

  @Test
  void geminiStreamServedForAnyModel() throws Exception {
    HttpResponse<String> response =
        post(
            "/v1beta1/projects/p/locations/l/publishers/google/models/m:streamGenerateContent?alt=sse",
            "{}",
            Duration.ofSeconds(10));

    assertThat(response.body()).isEqualTo(recordedBody("gemini/vertexai-stream-generate-content"));
    assertThat(provider.requests().get(0).query()).isEqualTo("alt=sse");
  }

  @Test
  void awaitRequestsTimeoutListsArrivals() throws Exception {
    post("/v1/chat/completions", "{}", Duration.ofSeconds(10));

    assertThatThrownBy(() -> provider.awaitRequests(2, Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("received 1")
        .hasMessageContaining("POST /v1/chat/completions");
  }

  @Test
  void sseRejectsEventWithoutBlankLine() {
    assertThatThrownBy(() -> FakeResponse.sse("data: {}\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private HttpResponse<String> post(String path, String body, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(provider.baseUrl() + path))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String recordedBody(String caseName) {
    return new String(Recording.load(caseName).body(), StandardCharsets.UTF_8);
  }

  private static void drain(BufferedReader reader) throws IOException {
    for (int lines = 0; lines < 100 && reader.readLine() != null; lines++) {
      // Reads until the cut-off connection raises, or gives up after 100 lines.
    }
  }

  private static ChatCompletionCreateParams question() {
    return ChatCompletionCreateParams.builder()
        .model("gpt-4o-mini")
        .addUserMessage("Which ocean contains Bouvet Island?")
        .build();
  }
}
