package com.langfuse.agent.instrumentation.googlegenai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.errors.ClientException;
import com.google.genai.types.Content;
import com.google.genai.types.EmbedContentConfig;
import com.google.genai.types.EmbedContentResponse;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.Part;
import com.google.genai.types.ThinkingConfig;
import com.google.genai.types.Tool;
import com.langfuse.agent.advice.googlegenai.GoogleGenAiInstrumentationModule;
import com.langfuse.agent.bootstrap.bridge.CallDepth;
import com.langfuse.agent.bootstrap.trace.ContentCapture;
import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.Tracer;
import com.langfuse.agent.instrumentation.genai.ModuleTestAgent;
import com.langfuse.agent.instrumentation.genai.StreamObservation;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.FakeResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the real Google Gen AI SDK with the advice installed against a {@link FakeLlmProvider} that
 * replays recorded Gemini responses, and checks the spans that end.
 */
@Timeout(60)
class GoogleGenAiTracingTest {

  static final String MODEL = "gemini-2.5-flash";
  static final String PROMPT = "Create a poem about Open Telemetry.";
  static final String ISO_MILLIS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

  /**
   * A function call response, built in memory in the shape of the API's {@code generateContent}
   * response, because no recording of one exists.
   */
  static final String FUNCTION_CALL_RESPONSE =
      "{\"candidates\": [{\"content\": {\"role\": \"model\", \"parts\": [{\"functionCall\":"
          + " {\"name\": \"get_weather\", \"args\": {\"city\": \"Paris\"}}}]},"
          + " \"finishReason\": \"STOP\"}],"
          + " \"usageMetadata\": {\"promptTokenCount\": 30, \"candidatesTokenCount\": 5,"
          + " \"totalTokenCount\": 35},"
          + " \"modelVersion\": \"gemini-2.5-flash\", \"responseId\": \"fn-call-1\"}";

  /** A text response, built in memory in the shape of the API's response. */
  static final String TEXT_RESPONSE =
      "{\"candidates\": [{\"content\": {\"role\": \"model\", \"parts\": [{\"text\":"
          + " \"It is sunny in Paris.\"}]}, \"finishReason\": \"STOP\"}],"
          + " \"usageMetadata\": {\"promptTokenCount\": 40, \"candidatesTokenCount\": 6,"
          + " \"totalTokenCount\": 46}, \"responseId\": \"text-1\"}";

  /** An error body in the shape the API returns, built in memory. */
  static final String NOT_FOUND_RESPONSE =
      "{\"error\": {\"code\": 404, \"message\": \"models/gemini-missing is not found\","
          + " \"status\": \"NOT_FOUND\"}}";

  static final String WEATHER_TOOL =
      "{\"functionDeclarations\": [{\"name\": \"get_weather\","
          + " \"parameters\": {\"type\": \"OBJECT\","
          + " \"properties\": {\"city\": {\"type\": \"STRING\"}}}}]}";

  static final BlockingQueue<SpanData> SPANS = new LinkedBlockingQueue<>();
  static FakeLlmProvider provider;
  static Client client;

  @BeforeAll
  static void startProviderAndClient() {
    ModuleTestAgent.install(new GoogleGenAiInstrumentationModule());
    Tracer.setSink(SPANS::add);
    provider = new FakeLlmProvider().start();
    client =
        Client.builder()
            .apiKey("test-key")
            .httpOptions(
                HttpOptions.builder().baseUrl(provider.baseUrl()).apiVersion("v1beta").build())
            .build();
  }

  @AfterAll
  static void stopProvider() {
    provider.close();
  }

  @BeforeEach
  void clearSpans() {
    SPANS.clear();
  }

  @AfterEach
  void checkCallDepthReset() {
    assertThat(CallDepth.current()).as("call depth left on the test thread").isZero();
    assertThat(ModuleTestAgent.errors()).isEmpty();
  }

  @Test
  void generateRecordsGeneration() {
    GenerateContentResponse response = client.models.generateContent(MODEL, PROMPT, parameters());

    SpanData span = onlySpan();
    assertThat(span.name()).isEqualTo("chat " + MODEL);
    assertThat(span.kind()).isEqualTo(SpanData.KIND_CLIENT);
    assertThat(text(span, LangfuseAttributes.OBSERVATION_TYPE)).isEqualTo("generation");
    assertThat(text(span, LangfuseAttributes.GEN_AI_PROVIDER_NAME)).isEqualTo("gcp.gen_ai");
    assertThat(text(span, LangfuseAttributes.GEN_AI_OPERATION_NAME)).isEqualTo("chat");
    assertThat(text(span, LangfuseAttributes.GEN_AI_REQUEST_MODEL)).isEqualTo(MODEL);
    assertThat(text(span, LangfuseAttributes.GEN_AI_RESPONSE_MODEL)).isEqualTo(MODEL);
    assertThat(text(span, LangfuseAttributes.GEN_AI_RESPONSE_ID))
        .isEqualTo("hizpaKmcH9qs698P85HHgAU");
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_RESPONSE_FINISH_REASONS))
        .isEqualTo(List.of("STOP"));
    assertThat(span.statusCode()).isEqualTo(SpanData.STATUS_UNSET);
    assertThat(response.responseId()).contains("hizpaKmcH9qs698P85HHgAU");
  }

  @Test
  void generateRecordsThinkingUsage() {
    client.models.generateContent(MODEL, PROMPT, null);

    SpanData span = onlySpan();
    assertThat(text(span, LangfuseAttributes.OBSERVATION_USAGE_DETAILS))
        .isEqualTo("{\"input\":8,\"output\":433,\"output_reasoning\":1477,\"total\":1918}");
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_USAGE_INPUT_TOKENS)).isEqualTo(8L);
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_USAGE_OUTPUT_TOKENS)).isEqualTo(1910L);
  }

  @Test
  void generateRecordsParameters() {
    client.models.generateContent(MODEL, PROMPT, parameters());

    JsonNode parameters = json(onlySpan(), LangfuseAttributes.OBSERVATION_MODEL_PARAMETERS);
    assertThat(parameters.path("temperature").asDouble()).isEqualTo(0.4, within());
    assertThat(parameters.path("topP").asDouble()).isEqualTo(0.9, within());
    assertThat(parameters.path("topK").asDouble()).isEqualTo(20.0);
    assertThat(parameters.path("maxOutputTokens").asLong()).isEqualTo(4096);
    assertThat(parameters.path("seed").asLong()).isEqualTo(7);
    assertThat(parameters.path("stopSequences").asText()).isEqualTo("[\"THE END\"]");
    assertThat(parameters.path("thinkingBudget").asLong()).isEqualTo(2048);
    assertThat(parameters.has("stream")).isFalse();
  }

  @Test
  void generateRecordsInputAndOutput() {
    client.models.generateContent(MODEL, PROMPT, parameters());

    SpanData span = onlySpan();
    JsonNode input = json(span, LangfuseAttributes.OBSERVATION_INPUT);
    assertThat(input.get(0).path("role").asText()).isEqualTo("system");
    assertThat(input.get(0).path("content").get(0).path("text").asText())
        .isEqualTo("You are a poet.");
    assertThat(input.get(1).path("role").asText()).isEqualTo("user");
    assertThat(input.get(1).path("content").get(0).path("text").asText()).isEqualTo(PROMPT);
    JsonNode output = json(span, LangfuseAttributes.OBSERVATION_OUTPUT);
    assertThat(output.path("role").asText()).isEqualTo("model");
    assertThat(output.path("content").get(0).path("text").asText())
        .startsWith("In systems vast, where services reside,");
    assertThat(output.path("finish_reason").asText()).isEqualTo("STOP");
  }

  @Test
  void functionCallInOutputAndToolsInInput() {
    String toolsModel = "gemini-tools";
    provider.enqueue(
        FakeResponse.json(200, FUNCTION_CALL_RESPONSE)
            .forRoute("POST", "/v1beta/models/" + toolsModel + ":generateContent"));

    GenerateContentResponse response =
        client.models.generateContent(
            toolsModel,
            "What is the weather in Paris?",
            GenerateContentConfig.builder().tools(List.of(Tool.fromJson(WEATHER_TOOL))).build());

    SpanData span = onlySpan();
    JsonNode input = json(span, LangfuseAttributes.OBSERVATION_INPUT);
    assertThat(input.path("tools").get(0).path("functionDeclarations").get(0).path("name").asText())
        .isEqualTo("get_weather");
    assertThat(input.path("messages").get(0).path("role").asText()).isEqualTo("user");
    JsonNode call = json(span, LangfuseAttributes.OBSERVATION_OUTPUT).path("content").get(0);
    assertThat(call.path("functionCall").path("name").asText()).isEqualTo("get_weather");
    assertThat(call.path("functionCall").path("args").path("city").asText()).isEqualTo("Paris");
    assertThat(response.functionCalls()).hasSize(1);
  }

  @Test
  void notFoundIsErrorGeneration() {
    provider.enqueue(
        FakeResponse.json(404, NOT_FOUND_RESPONSE)
            .forRoute("POST", "/v1beta/models/gemini-missing:generateContent"));

    assertThatThrownBy(() -> client.models.generateContent("gemini-missing", PROMPT, null))
        .isInstanceOf(ClientException.class);

    SpanData span = onlySpan();
    assertThat(span.statusCode()).isEqualTo(SpanData.STATUS_ERROR);
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_LEVEL)).isEqualTo("ERROR");
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_STATUS_MESSAGE))
        .isEqualTo("HTTP 404: models/gemini-missing is not found");
  }

  @Test
  void streamAccumulatesChunks() {
    StringBuilder text = new StringBuilder();
    try (ResponseStream<GenerateContentResponse> stream =
        client.models.generateContentStream(MODEL, PROMPT, null)) {
      for (GenerateContentResponse chunk : stream) {
        text.append(chunk.text());
      }
    }

    SpanData span = onlySpan();
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_LEVEL)).isNull();
    assertThat(text(span, LangfuseAttributes.GEN_AI_RESPONSE_ID))
        .isEqualTo("vizpaJGEDvXZnvgPisGa2A0");
    assertThat(text(span, LangfuseAttributes.OBSERVATION_USAGE_DETAILS))
        .isEqualTo("{\"input\":8,\"output\":388,\"output_reasoning\":2193,\"total\":2589}");
    JsonNode output = json(span, LangfuseAttributes.OBSERVATION_OUTPUT);
    assertThat(output.path("content")).hasSize(1);
    assertThat(output.path("content").get(0).path("text").asText()).isEqualTo(text.toString());
    assertThat(output.path("finish_reason").asText()).isEqualTo("STOP");
    assertThat(
            json(span, LangfuseAttributes.OBSERVATION_MODEL_PARAMETERS).path("stream").asBoolean())
        .isTrue();
    String start = text(span, LangfuseAttributes.OBSERVATION_COMPLETION_START_TIME);
    assertThat(start).matches(ISO_MILLIS);
    long startNanos = Instant.parse(start).toEpochMilli() * 1_000_000L;
    assertThat(startNanos).isBetween(span.startEpochNanos() - 1_000_000L, span.endEpochNanos());
  }

  @Test
  void streamClosedEarlyIsWarning() {
    try (ResponseStream<GenerateContentResponse> stream =
        client.models.generateContentStream(MODEL, PROMPT, null)) {
      Iterator<GenerateContentResponse> chunks = stream.iterator();
      chunks.next();
      assertThat(SPANS).isEmpty();
    }

    SpanData span = onlySpan();
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_LEVEL)).isEqualTo("WARNING");
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_STATUS_MESSAGE))
        .isEqualTo(StreamObservation.CLOSED_EARLY);
    assertThat(text(span, LangfuseAttributes.OBSERVATION_COMPLETION_START_TIME)).isNotNull();
  }

  @Test
  void streamCutOffIsError() {
    provider.enqueue(
        FakeResponse.recording("gemini/vertexai-stream-generate-content")
            .forRoute("POST", "/v1beta/models/" + MODEL + ":streamGenerateContent")
            .cutAfterEvents(2));

    List<GenerateContentResponse> chunks = new ArrayList<>();
    assertThatThrownBy(
            () -> {
              try (ResponseStream<GenerateContentResponse> stream =
                  client.models.generateContentStream(MODEL, PROMPT, null)) {
                stream.forEach(chunks::add);
              }
            })
        .isInstanceOf(RuntimeException.class);

    SpanData span = onlySpan();
    assertThat(chunks).hasSize(2);
    assertThat(span.statusCode()).isEqualTo(SpanData.STATUS_ERROR);
    assertThat(text(span, LangfuseAttributes.OBSERVATION_OUTPUT)).isNotNull();
  }

  @Test
  void asyncGenerateEndsOnCompletion() throws Exception {
    GenerateContentResponse response =
        client.async.models.generateContent(MODEL, PROMPT, null).get(30, TimeUnit.SECONDS);

    SpanData span = awaitSpan();
    assertThat(text(span, LangfuseAttributes.GEN_AI_RESPONSE_ID))
        .isEqualTo(response.responseId().get());
    assertThat(text(span, LangfuseAttributes.OBSERVATION_USAGE_DETAILS)).contains("\"total\":1918");
  }

  @Test
  void asyncErrorIsErrorGeneration() {
    provider.enqueue(
        FakeResponse.json(404, NOT_FOUND_RESPONSE)
            .forRoute("POST", "/v1beta/models/gemini-missing:generateContent"));

    assertThatThrownBy(
            () ->
                client
                    .async
                    .models
                    .generateContent("gemini-missing", PROMPT, null)
                    .get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(ClientException.class);

    SpanData span = awaitSpanOrFail();
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_STATUS_MESSAGE))
        .isEqualTo("HTTP 404: models/gemini-missing is not found");
  }

  @Test
  void asyncStreamAccumulatesChunks() throws Exception {
    int count = 0;
    try (ResponseStream<GenerateContentResponse> stream =
        client.async.models.generateContentStream(MODEL, PROMPT, null).get(30, TimeUnit.SECONDS)) {
      for (GenerateContentResponse chunk : stream) {
        count++;
      }
    }

    SpanData span = onlySpan();
    assertThat(count).isEqualTo(6);
    assertThat(text(span, LangfuseAttributes.OBSERVATION_USAGE_DETAILS)).contains("\"total\":2589");
    assertThat(text(span, LangfuseAttributes.OBSERVATION_COMPLETION_START_TIME))
        .matches(ISO_MILLIS);
  }

  @Test
  void oneGenerationPerRequest() throws Exception {
    int before = provider.requests().size();

    client.models.generateContent(MODEL, PROMPT, null);
    client.async.models.generateContent(MODEL, PROMPT, null).get(30, TimeUnit.SECONDS);
    try (ResponseStream<GenerateContentResponse> stream =
        client.models.generateContentStream(MODEL, PROMPT, null)) {
      stream.forEach(chunk -> {});
    }

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (SPANS.size() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(provider.requests().size() - before).isEqualTo(3);
    assertThat(SPANS).hasSize(3);
  }

  @Test
  void vertexAiClientTraced() {
    Client vertex =
        Client.builder()
            .vertexAI(true)
            .project("test-project")
            .location("test-location")
            .credentials(GoogleCredentials.create(new AccessToken("test-token", null)))
            .httpOptions(HttpOptions.builder().baseUrl(provider.baseUrl()).build())
            .build();

    vertex.models.generateContent(MODEL, PROMPT, null);

    SpanData span = onlySpan();
    assertThat(text(span, LangfuseAttributes.GEN_AI_REQUEST_MODEL)).isEqualTo(MODEL);
    assertThat(text(span, LangfuseAttributes.OBSERVATION_USAGE_DETAILS)).contains("\"total\":1918");
    assertThat(provider.requests().get(provider.requests().size() - 1).path())
        .startsWith("/v1beta1/projects/test-project/locations/test-location/");
  }

  @Test
  void embedContentIsEmbedding() {
    provider.enqueue(
        FakeResponse.json(
            200,
            "{\"embeddings\": [{\"values\": [0.1, 0.2, 0.3]}, {\"values\": [0.4, 0.5, 0.6]}]}"));

    EmbedContentResponse response =
        client.models.embedContent(
            "text-embedding-004",
            List.of("first text", "second text"),
            EmbedContentConfig.builder()
                .taskType("RETRIEVAL_DOCUMENT")
                .outputDimensionality(3)
                .build());

    SpanData span = onlySpan();
    assertThat(span.name()).isEqualTo("embeddings text-embedding-004");
    assertThat(text(span, LangfuseAttributes.OBSERVATION_TYPE)).isEqualTo("embedding");
    assertThat(text(span, LangfuseAttributes.GEN_AI_OPERATION_NAME)).isEqualTo("embeddings");
    assertThat(text(span, LangfuseAttributes.OBSERVATION_OUTPUT))
        .isEqualTo("{\"count\":2,\"dimensions\":3}");
    JsonNode input = json(span, LangfuseAttributes.OBSERVATION_INPUT);
    assertThat(input.get(0).get(0).path("text").asText()).isEqualTo("first text");
    assertThat(input.get(1).get(0).path("text").asText()).isEqualTo("second text");
    assertThat(text(span, LangfuseAttributes.OBSERVATION_MODEL_PARAMETERS))
        .isEqualTo("{\"taskType\":\"RETRIEVAL_DOCUMENT\",\"outputDimensionality\":3}");
    assertThat(response.embeddings().orElseThrow()).hasSize(2);
    assertThat(provider.requests().get(provider.requests().size() - 1).path())
        .endsWith("/models/text-embedding-004:batchEmbedContents");
  }

  /** A tool for the SDK's automatic function calling, which calls it by reflection. */
  public static final class WeatherTool {
    private WeatherTool() {}

    public static String getWeather(String city) {
      return "sunny in " + city;
    }
  }

  @Test
  void automaticFunctionCallingTracesEachRequest() throws Exception {
    String path = "/v1beta/models/gemini-afc:generateContent";
    provider.enqueue(
        FakeResponse.json(200, FUNCTION_CALL_RESPONSE.replace("get_weather", "getWeather"))
            .forRoute("POST", path));
    provider.enqueue(FakeResponse.json(200, TEXT_RESPONSE).forRoute("POST", path));
    Method tool = WeatherTool.class.getMethod("getWeather", String.class);

    GenerateContentResponse response =
        client.models.generateContent(
            "gemini-afc",
            "What is the weather in Paris?",
            GenerateContentConfig.builder()
                .tools(List.of(Tool.builder().functions(List.of(tool)).build()))
                .build());

    List<SpanData> spans = new ArrayList<>(SPANS);
    assertThat(spans).hasSize(2);
    spans.forEach(SpanData::resolveDeferred);
    assertThat(text(spans.get(0), LangfuseAttributes.OBSERVATION_OUTPUT)).contains("functionCall");
    assertThat(text(spans.get(1), LangfuseAttributes.OBSERVATION_INPUT))
        .contains("functionResponse")
        .contains("sunny in Paris");
    assertThat(text(spans.get(1), LangfuseAttributes.GEN_AI_RESPONSE_ID)).isEqualTo("text-1");
    assertThat(response.text()).isEqualTo("It is sunny in Paris.");
  }

  @Test
  void captureOffDropsContent() {
    ContentCapture.setEnabled(false);
    try {
      client.models.generateContent(MODEL, PROMPT, parameters());
    } finally {
      ContentCapture.setEnabled(true);
    }

    SpanData span = onlySpan();
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_INPUT)).isNull();
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_OUTPUT)).isNull();
    assertThat(text(span, LangfuseAttributes.OBSERVATION_USAGE_DETAILS)).contains("\"total\":1918");
    assertThat(text(span, LangfuseAttributes.OBSERVATION_MODEL_PARAMETERS)).contains("temperature");
  }

  @Test
  void generationJoinsCurrentSpan() throws Exception {
    SpanData parent =
        Tracer.startSpan("request", LangfuseAttributes.TYPE_SPAN, SpanData.KIND_SERVER);
    try (CurrentSpan.Scope scope = CurrentSpan.makeCurrent(parent)) {
      client.async.models.generateContent(MODEL, PROMPT, null).get(30, TimeUnit.SECONDS);
    }

    SpanData span = awaitSpan();
    assertThat(span.parentSpanId()).isEqualTo(parent.spanId());
    assertThat(span.traceId()).isEqualTo(parent.traceId());
  }

  @Test
  void abandonedStreamEndsAsWarning() throws Exception {
    readFirstChunkAndDrop();

    SpanData span = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (span == null && System.nanoTime() < deadline) {
      System.gc();
      span = SPANS.poll(100, TimeUnit.MILLISECONDS);
    }
    assertThat(span).as("span of the abandoned stream").isNotNull();
    span.resolveDeferred();
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_STATUS_MESSAGE))
        .isEqualTo(StreamObservation.ABANDONED);
    assertThat(text(span, LangfuseAttributes.OBSERVATION_OUTPUT)).isNotNull();
  }

  /** Reads one chunk and leaves the stream unclosed and unreachable. */
  private static void readFirstChunkAndDrop() {
    ResponseStream<GenerateContentResponse> stream =
        client.models.generateContentStream(MODEL, PROMPT, null);
    stream.iterator().next();
  }

  private static GenerateContentConfig parameters() {
    return GenerateContentConfig.builder()
        .systemInstruction(Content.fromParts(Part.fromText("You are a poet.")))
        .temperature(0.4f)
        .topP(0.9f)
        .topK(20f)
        .maxOutputTokens(4096)
        .stopSequences(List.of("THE END"))
        .seed(7)
        .thinkingConfig(ThinkingConfig.builder().thinkingBudget(2048).build())
        .build();
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-6);
  }

  /** Returns the one span ended so far, with its deferred attributes resolved. */
  static SpanData onlySpan() {
    List<SpanData> spans = new ArrayList<>(SPANS);
    assertThat(spans).as("spans ended").hasSize(1);
    SpanData span = spans.get(0);
    span.resolveDeferred();
    return span;
  }

  /** Waits for a span to end on another thread, then returns it as {@link #onlySpan()} does. */
  static SpanData awaitSpan() throws InterruptedException {
    SpanData span = SPANS.poll(10, TimeUnit.SECONDS);
    assertThat(span).as("span ended within 10 seconds").isNotNull();
    SPANS.add(span);
    return onlySpan();
  }

  private static SpanData awaitSpanOrFail() {
    try {
      return awaitSpan();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for a span", e);
    }
  }

  static String text(SpanData span, String key) {
    return (String) span.attribute(key);
  }

  static JsonNode json(SpanData span, String key) {
    String value = text(span, key);
    assertThat(value).as("attribute " + key).isNotNull();
    try {
      return new ObjectMapper().readTree(value);
    } catch (IOException e) {
      throw new UncheckedIOException("not valid JSON: " + value, e);
    }
  }
}
