package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.langfuse.agent.it.apps.GoogleGenAiScenarioApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.FakeResponse;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs {@link GoogleGenAiScenarioApp}, which uses the real Google Gen AI SDK against the Gemini
 * Developer API paths, in a child JVM with the packaged agent, against a loopback provider
 * replaying recorded Gemini responses and a loopback Langfuse stand-in. One child JVM runs every
 * scenario in order, so the generations and embeddings, sorted by start time, line up with the
 * scenarios. Each subclass chooses the SDK version on the child's class path.
 *
 * <p>The recordings were made on Vertex AI, whose response bodies have the same shape as the
 * Developer API's. The function call and error responses are built in memory in the API's shape,
 * because no recording of either exists.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GoogleGenAiScenarioSuite {

  private static final String PUBLIC_KEY = "pk-lf-it-google-genai";
  private static final String SECRET_KEY = "sk-lf-it-google-genai-secret-never-logged";
  private static final String MODEL = GoogleGenAiScenarioApp.MODEL;
  private static final String ISO_MILLIS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
  private static final String TRACED_METHOD = "example.googlegenai.GoogleGenAiAssistant#answer";

  /** Scenario name and the number of generations or embeddings, one per HTTP request, it makes. */
  private static final Object[][] SCENARIOS = {
    {"generate", 1},
    {"stream", 1},
    {"stream-close-early", 1},
    {"async", 1},
    {"async-stream", 1},
    {"function-call", 1},
    {"error", 1},
    {"embed", 1},
    {"in-span", 2},
  };

  private static final String FUNCTION_CALL_RESPONSE =
      "{\"candidates\": [{\"content\": {\"role\": \"model\", \"parts\": [{\"functionCall\":"
          + " {\"name\": \"get_weather\", \"args\": {\"city\": \"Paris\"}}}]},"
          + " \"finishReason\": \"STOP\"}],"
          + " \"usageMetadata\": {\"promptTokenCount\": 30, \"candidatesTokenCount\": 5,"
          + " \"totalTokenCount\": 35}, \"modelVersion\": \"gemini-2.5-flash\"}";

  private static final String NOT_FOUND_RESPONSE =
      "{\"error\": {\"code\": 404, \"message\": \"models/gemini-no-such-model is not found\","
          + " \"status\": \"NOT_FOUND\"}}";

  private static final String EMBEDDINGS_RESPONSE =
      "{\"embeddings\": [{\"values\": [0.1, 0.2, 0.3]}, {\"values\": [0.4, 0.5, 0.6]}]}";

  private FakeLlmProvider provider;
  private OtlpReceiver receiver;
  private ChildJvm.Result withAgent;
  private List<ReceivedSpan> modelCalls;
  private final Map<String, List<ReceivedSpan>> callsByScenario = new LinkedHashMap<>();

  /** Returns a child JVM with this suite's SDK version, for the runs with and without the agent. */
  abstract ChildJvm childJvm() throws Exception;

  @BeforeAll
  void runScenariosWithAgent() throws Exception {
    provider = startProvider();
    receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start();
    withAgent =
        childJvm()
            .env("GOOGLE_GENAI_BASE_URL", provider.baseUrl())
            .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
            .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
            .env("LANGFUSE_BASE_URL", receiver.baseUrl())
            .env("LANGFUSE_FLUSH_INTERVAL", "0.2")
            .env("LANGFUSE_TRACE_METHODS", TRACED_METHOD)
            .env("OTEL_SERVICE_NAME", "it-google-genai-app")
            .run(GoogleGenAiScenarioApp.class, scenarioNames());

    int expected = 1; // the traced method's span
    for (Object[] scenario : SCENARIOS) {
      expected += (int) scenario[1];
    }
    receiver.awaitSpans(expected, Duration.ofSeconds(30));
    modelCalls =
        receiver.spans().stream()
            .filter(GoogleGenAiScenarioSuite::isModelCall)
            .sorted(Comparator.comparingLong(ReceivedSpan::startNanos))
            .collect(Collectors.toList());
    int next = 0;
    for (Object[] scenario : SCENARIOS) {
      int count = (int) scenario[1];
      callsByScenario.put(
          (String) scenario[0],
          modelCalls.subList(
              Math.min(next, modelCalls.size()), Math.min(next + count, modelCalls.size())));
      next += count;
    }
  }

  @AfterAll
  void stopServers() {
    provider.close();
    receiver.close();
  }

  @Test
  void appExitsNormallyWithAgent() {
    assertThat(withAgent.exitCode()).as(withAgent.toString()).isZero();
    assertThat(withAgent.stdout()).contains("done");
  }

  @Test
  void appOutputSameWithoutAgent() throws Exception {
    try (FakeLlmProvider ownProvider = startProvider()) {
      ChildJvm.Result without =
          childJvm()
              .withoutAgent()
              .env("GOOGLE_GENAI_BASE_URL", ownProvider.baseUrl())
              .run(GoogleGenAiScenarioApp.class, scenarioNames());
      assertThat(without.exitCode()).as(without.toString()).isZero();
      assertThat(withAgent.stdout()).isEqualTo(without.stdout());
    }
  }

  @Test
  void oneModelCallPerRequest() {
    assertThat(modelCalls).hasSize(provider.requests().size());
    assertThat(provider.requests()).hasSize(modelCallsExpected());
    assertThat(receiver.violations()).isEmpty();
  }

  @Test
  void agentLogsNoContentOrSecret() {
    assertThat(withAgent.stderr()).contains("[langfuse-agent] INFO started");
    assertThat(withAgent.stderr()).doesNotContain("Open Telemetry");
    assertThat(withAgent.stderr()).doesNotContain(SECRET_KEY);
  }

  @Test
  void generateIsRootGeneration() {
    ReceivedSpan span = only("generate");
    assertThat(span.name()).isEqualTo("chat " + MODEL);
    assertThat(span.attr("gen_ai.operation.name")).isEqualTo("chat");
    assertThat(span.attr("gen_ai.provider.name")).isEqualTo("gcp.gen_ai");
    assertThat(span.attr("gen_ai.request.model")).isEqualTo(MODEL);
    assertThat(span.attr("gen_ai.response.model")).isEqualTo(MODEL);
    assertThat(span.attr("gen_ai.response.finish_reasons")).isEqualTo(List.of("STOP"));
    assertThat(span.parentSpanId()).isNullOrEmpty();
  }

  @Test
  void generateParametersAreScalars() {
    JsonNode parameters = only("generate").json("langfuse.observation.model.parameters");
    assertThat(parameters.path("temperature").asDouble()).isBetween(0.39, 0.41);
    assertThat(parameters.path("topP").asDouble()).isBetween(0.89, 0.91);
    assertThat(parameters.path("topK").asDouble()).isEqualTo(20.0);
    assertThat(parameters.path("maxOutputTokens").asLong()).isEqualTo(4096);
    assertThat(parameters.path("seed").asLong()).isEqualTo(7);
    assertThat(parameters.path("stopSequences").asText()).isEqualTo("[\"THE END\"]");
    assertThat(parameters.path("thinkingBudget").asLong()).isEqualTo(2048);
    parameters
        .fields()
        .forEachRemaining(
            field -> assertThat(field.getValue().isValueNode()).as(field.getKey()).isTrue());
  }

  @Test
  void generateThinkingUsage() {
    JsonNode usage = only("generate").json("langfuse.observation.usage_details");
    assertThat(usage.path("input").asLong()).isEqualTo(8);
    assertThat(usage.path("output").asLong()).isEqualTo(433);
    assertThat(usage.path("output_reasoning").asLong()).isEqualTo(1477);
    assertThat(usage.path("total").asLong()).isEqualTo(1918);
    assertThat(usage.size()).isEqualTo(4);
  }

  @Test
  void generateInputAndOutput() {
    ReceivedSpan span = only("generate");
    JsonNode input = span.json("langfuse.observation.input");
    assertThat(input.get(0).path("role").asText()).isEqualTo("system");
    assertThat(input.get(0).path("content").get(0).path("text").asText())
        .isEqualTo("You are a poet.");
    assertThat(input.get(1).path("content").get(0).path("text").asText())
        .isEqualTo("Create a poem about Open Telemetry.");
    JsonNode output = span.json("langfuse.observation.output");
    assertThat(output.path("role").asText()).isEqualTo("model");
    assertThat(output.path("content").get(0).path("text").asText()).startsWith("In systems vast");
    assertThat(output.path("finish_reason").asText()).isEqualTo("STOP");
  }

  @Test
  void streamHasCompletionStartAndUsage() {
    ReceivedSpan span = only("stream");
    String start = (String) span.attr("langfuse.observation.completion_start_time");
    assertThat(start).matches(ISO_MILLIS);
    long startNanos = Instant.parse(start).toEpochMilli() * 1_000_000L;
    assertThat(startNanos).isBetween(span.startNanos() - 1_000_000L, span.endNanos() + 1_000_000L);
    JsonNode usage = span.json("langfuse.observation.usage_details");
    assertThat(usage.path("output").asLong()).isEqualTo(388);
    assertThat(usage.path("output_reasoning").asLong()).isEqualTo(2193);
    assertThat(usage.path("total").asLong()).isEqualTo(2589);
    JsonNode output = span.json("langfuse.observation.output");
    assertThat(output.path("content")).hasSize(1);
    assertThat(output.path("content").get(0).path("text").asText())
        .startsWith("When systems hum")
        .endsWith("Makes complex software shine so bright.");
    assertThat(span.json("langfuse.observation.model.parameters").path("stream").asBoolean())
        .isTrue();
  }

  @Test
  void streamClosedEarlyIsWarning() {
    ReceivedSpan span = only("stream-close-early");
    assertThat(span.attr("langfuse.observation.level")).isEqualTo("WARNING");
    assertThat(span.attr("langfuse.observation.status_message"))
        .isEqualTo("stream closed before completion");
  }

  @Test
  void asyncGenerateTraced() {
    JsonNode usage = only("async").json("langfuse.observation.usage_details");
    assertThat(usage.path("total").asLong()).isEqualTo(1918);
  }

  @Test
  void asyncStreamTraced() {
    ReceivedSpan span = only("async-stream");
    assertThat((String) span.attr("langfuse.observation.completion_start_time"))
        .matches(ISO_MILLIS);
    assertThat(span.json("langfuse.observation.usage_details").path("total").asLong())
        .isEqualTo(2589);
  }

  @Test
  void functionCallInOutput() {
    ReceivedSpan span = only("function-call");
    assertThat(span.attr("gen_ai.request.model")).isEqualTo(GoogleGenAiScenarioApp.TOOLS_MODEL);
    JsonNode tool = span.json("langfuse.observation.input").path("tools").get(0);
    assertThat(tool.path("functionDeclarations").get(0).path("name").asText())
        .isEqualTo("get_weather");
    JsonNode call =
        span.json("langfuse.observation.output").path("content").get(0).path("functionCall");
    assertThat(call.path("name").asText()).isEqualTo("get_weather");
    assertThat(call.path("args").path("city").asText()).isEqualTo("Paris");
  }

  @Test
  void errorIsErrorGeneration() {
    ReceivedSpan span = only("error");
    assertThat(span.statusCode()).isEqualTo("ERROR");
    assertThat(span.attr("langfuse.observation.level")).isEqualTo("ERROR");
    assertThat(span.attr("langfuse.observation.status_message"))
        .isEqualTo("HTTP 404: models/gemini-no-such-model is not found");
    assertThat(withAgent.stdout()).contains("threw com.google.genai.errors.ClientException");
  }

  @Test
  void callsOnOtherThreadsJoinMethodSpan() {
    ReceivedSpan method =
        receiver.spans().stream()
            .filter(span -> !isModelCall(span))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no span of " + TRACED_METHOD));
    List<ReceivedSpan> calls = callsByScenario.get("in-span");
    assertThat(calls).hasSize(2);
    for (ReceivedSpan call : calls) {
      assertThat(call.parentSpanId()).isEqualTo(method.spanId());
      assertThat(call.traceId()).isEqualTo(method.traceId());
    }
  }

  @Test
  void embedIsEmbedding() {
    ReceivedSpan span = only("embed");
    assertThat(span.attr("langfuse.observation.type")).isEqualTo("embedding");
    assertThat(span.name()).isEqualTo("embeddings " + GoogleGenAiScenarioApp.EMBEDDING_MODEL);
    assertThat(span.attr("langfuse.observation.output"))
        .isEqualTo("{\"count\":2,\"dimensions\":3}");
    JsonNode input = span.json("langfuse.observation.input");
    assertThat(input.get(1).get(0).path("text").asText()).isEqualTo("second text");
  }

  /** Returns whether {@code span} is a generation or an embedding, one per model request. */
  private static boolean isModelCall(ReceivedSpan span) {
    Object type = span.attr("langfuse.observation.type");
    return "generation".equals(type) || "embedding".equals(type);
  }

  private ReceivedSpan only(String scenario) {
    List<ReceivedSpan> spans = callsByScenario.get(scenario);
    assertThat(spans).as("model calls of " + scenario + "; " + withAgent).hasSize(1);
    return spans.get(0);
  }

  private static int modelCallsExpected() {
    int expected = 0;
    for (Object[] scenario : SCENARIOS) {
      expected += (int) scenario[1];
    }
    return expected;
  }

  private static String[] scenarioNames() {
    List<String> names = new ArrayList<>();
    for (Object[] scenario : SCENARIOS) {
      names.add((String) scenario[0]);
    }
    return names.toArray(new String[0]);
  }

  /** Starts a provider with the in-memory function call and error responses enqueued. */
  private static FakeLlmProvider startProvider() {
    FakeLlmProvider provider = new FakeLlmProvider().start();
    String models = "/" + GoogleGenAiScenarioApp.API_VERSION + "/models/";
    provider.enqueue(
        FakeResponse.json(200, FUNCTION_CALL_RESPONSE)
            .forRoute("POST", models + GoogleGenAiScenarioApp.TOOLS_MODEL + ":generateContent"));
    provider.enqueue(
        FakeResponse.json(404, NOT_FOUND_RESPONSE)
            .forRoute("POST", models + GoogleGenAiScenarioApp.MISSING_MODEL + ":generateContent"));
    provider.enqueue(
        FakeResponse.json(200, EMBEDDINGS_RESPONSE)
            .forRoute(
                "POST", models + GoogleGenAiScenarioApp.EMBEDDING_MODEL + ":batchEmbedContents"));
    return provider;
  }
}
