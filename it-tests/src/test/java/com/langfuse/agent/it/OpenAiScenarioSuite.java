package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.langfuse.agent.it.apps.OpenAiScenarioApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs {@link OpenAiScenarioApp}, which uses the real OpenAI Java SDK, in a child JVM with the
 * packaged agent, against a loopback provider replaying recorded responses and a loopback
 * Langfuse stand-in, and checks the generations it receives. One child JVM runs every successful
 * scenario in order, so the spans, sorted by start time, line up with the scenarios. Each
 * subclass chooses the child JVM: its Java version or its SDK version.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OpenAiScenarioSuite {

  private static final String PUBLIC_KEY = "pk-lf-it-public";
  private static final String SECRET_KEY = "sk-lf-it-secret-never-logged";

  /** Scenario name and the number of generations it makes. */
  private static final Object[][] SCENARIOS = {
    {"chat-basic", 1},
    {"chat-options", 1},
    {"chat-multiple-choices", 1},
    {"chat-developer-message", 1},
    {"chat-tool-calls", 2},
    {"chat-stream", 1},
    {"chat-stream-usage", 1},
    {"chat-stream-close-early", 1},
    {"chat-stream-tool-calls", 1},
    {"chat-stream-abandoned", 1},
    {"chat-async", 1},
    {"chat-async-stream", 1},
    {"chat-raw", 1},
    {"chat-direct-client", 1},
    {"embeddings", 1},
    {"responses-reasoning", 1},
    {"responses-function-call", 1},
    {"responses-stream", 1},
  };

  private FakeLlmProvider provider;
  private OtlpReceiver receiver;
  private ChildJvm.Result withAgent;
  private final Map<String, List<ReceivedSpan>> spansByScenario = new java.util.LinkedHashMap<>();

  /**
   * Returns a child JVM set up for this suite's Java and SDK version, used for the run with the
   * agent and the run without it. May abort the suite with an assumption.
   */
  abstract ChildJvm childJvm() throws Exception;

  @BeforeAll
  void runScenariosWithAgent() throws Exception {
    provider = new FakeLlmProvider().start();
    receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start();
    withAgent = agentJvm().run(OpenAiScenarioApp.class, scenarioNames());

    int expected = 0;
    for (Object[] scenario : SCENARIOS) {
      expected += (int) scenario[1];
    }
    List<ReceivedSpan> spans = new ArrayList<>(receiver.awaitSpans(expected, Duration.ofSeconds(30)));
    spans.sort(Comparator.comparingLong(ReceivedSpan::startNanos));
    int next = 0;
    for (Object[] scenario : SCENARIOS) {
      int count = (int) scenario[1];
      spansByScenario.put((String) scenario[0], spans.subList(next, Math.min(next + count, spans.size())));
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
  }

  @Test
  void appOutputSameWithoutAgent() throws Exception {
    try (FakeLlmProvider ownProvider = new FakeLlmProvider().start()) {
      ChildJvm.Result without =
          childJvm()
              .withoutAgent()
              .env("OPENAI_BASE_URL", ownProvider.openAiBaseUrl())
              .run(OpenAiScenarioApp.class, scenarioNames());
      assertThat(without.exitCode()).as(without.toString()).isZero();
      assertThat(withAgent.stdout()).isEqualTo(without.stdout());
      // The agent must not make libraries print either: starting SLF4J early, say, prints its
      // provider notices. Only the agent's own lines and the JVM's warnings may differ.
      assertThat(foreignLines(withAgent.stderr())).isEqualTo(foreignLines(without.stderr()));
    }
  }

  /** Returns the lines of {@code stderr} that neither the agent nor the JVM wrote. */
  private static List<String> foreignLines(String stderr) {
    List<String> lines = new ArrayList<>();
    for (String line : stderr.split("\n")) {
      boolean agent = line.startsWith("[langfuse-agent] ");
      boolean jvm = line.startsWith("OpenJDK 64-Bit Server VM warning:");
      if (!agent && !jvm && !line.isBlank()) {
        lines.add(line);
      }
    }
    return lines;
  }

  @Test
  void agentLogsNoPromptOrCompletionAboveDebug() {
    assertThat(withAgent.stderr())
        .contains("[langfuse-agent] INFO started")
        .doesNotContain("Bouvet Island")
        .doesNotContain("weather in New York City")
        .doesNotContain("Atlantic Ocean");
  }

  @Test
  void directlyBuiltClientTraced() {
    ReceivedSpan span = only("chat-direct-client");

    assertThat(span.attr("langfuse.observation.type")).isEqualTo("generation");
    assertThat(span.attr("gen_ai.request.model")).isEqualTo("gpt-4o-mini");
  }

  @Test
  void receiverSawNoViolations() {
    assertThat(receiver.violations()).isEmpty();
  }

  @Test
  void exportCarriesLangfuseHeaders() {
    com.langfuse.agent.testing.ReceivedRequest request = receiver.requests().get(0);
    assertThat(request.header("x-langfuse-ingestion-version")).isEqualTo("4");
    assertThat(request.header("x-langfuse-sdk-name")).isEqualTo("langfuse-java-agent");
    assertThat(request.header("x-langfuse-sdk-version")).isNotBlank();
    assertThat(request.header("content-encoding")).isEqualTo("gzip");
    assertThat(request.status()).isEqualTo(200);
  }

  @Test
  void exactlyOneSpanPerCall() {
    int expected = 0;
    for (Object[] scenario : SCENARIOS) {
      expected += (int) scenario[1];
    }
    assertThat(receiver.spans()).hasSize(expected);
    assertThat(provider.requests()).hasSize(expected);
  }

  @Test
  void chatBasicIsRootGeneration() {
    ReceivedSpan span = only("chat-basic");
    assertThat(span.name()).isEqualTo("chat gpt-4o-mini");
    assertThat(span.attr("langfuse.observation.type")).isEqualTo("generation");
    assertThat(span.attr("gen_ai.operation.name")).isEqualTo("chat");
    assertThat(span.attr("gen_ai.provider.name")).isEqualTo("openai");
    assertThat(span.attr("gen_ai.request.model")).isEqualTo("gpt-4o-mini");
    assertThat(span.attr("gen_ai.response.model")).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(span.parentSpanId()).isNullOrEmpty();
    assertThat(span.endNanos()).isGreaterThan(span.startNanos());
  }

  @Test
  void chatBasicUsageDetails() {
    JsonNode usage = only("chat-basic").json("langfuse.observation.usage_details");
    assertThat(usage.path("input").asLong()).isEqualTo(22);
    assertThat(usage.path("output").asLong()).isEqualTo(2);
    assertThat(usage.path("total").asLong()).isEqualTo(24);
    assertThat(usage.path("input_cached_tokens").asLong(-1)).isZero();
  }

  @Test
  void chatBasicInputAndOutput() {
    ReceivedSpan span = only("chat-basic");
    assertThat((String) span.attr("langfuse.observation.input")).contains("Bouvet Island");
    JsonNode output = span.json("langfuse.observation.output");
    assertThat(output.path("role").asText()).isEqualTo("assistant");
    assertThat(output.path("content").asText()).isEqualTo("Atlantic Ocean");
  }

  @Test
  void resourceCarriesServiceAndEnvironment() {
    Map<String, Object> resource = only("chat-basic").resourceAttributes();
    assertThat(resource).containsEntry("service.name", "it-openai-app");
    assertThat(resource).containsEntry("langfuse.environment", "it");
    assertThat(resource).containsEntry("langfuse.release", "it-release-1");
  }

  @Test
  void chatOptionsModelParameters() {
    JsonNode parameters = only("chat-options").json("langfuse.observation.model.parameters");
    assertThat(parameters.path("temperature").asDouble()).isEqualTo(1.0);
    assertThat(parameters.path("top_p").asDouble()).isEqualTo(1.0);
    assertThat(parameters.path("seed").asLong()).isEqualTo(100);
    assertThat(parameters.path("max_completion_tokens").asLong()).isEqualTo(100);
    assertThat(parameters.path("frequency_penalty").asDouble()).isEqualTo(0.0);
    assertThat(parameters.path("presence_penalty").asDouble()).isEqualTo(0.0);
    assertThat(parameters.has("stop")).isTrue();
    assertThat(parameters.path("response_format").asText()).isEqualTo("text");
    parameters.fields().forEachRemaining(field -> assertThat(field.getValue().isValueNode()).as(field.getKey()).isTrue());
  }

  @Test
  void multipleChoicesOutputIsList() {
    JsonNode output = only("chat-multiple-choices").json("langfuse.observation.output");
    assertThat(output.isArray()).isTrue();
    assertThat(output.size()).isEqualTo(2);
  }

  @Test
  void developerMessageInInput() {
    assertThat((String) only("chat-developer-message").attr("langfuse.observation.input"))
        .contains("developer");
  }

  @Test
  void toolCallTurnsCarryCallsAndResults() {
    List<ReceivedSpan> turns = spansByScenario.get("chat-tool-calls");
    assertThat(turns).hasSize(2);
    String firstOutput = (String) turns.get(0).attr("langfuse.observation.output");
    assertThat(firstOutput).contains("get_weather").contains("New York City").contains("tool_calls");
    String firstInput = (String) turns.get(0).attr("langfuse.observation.input");
    assertThat(firstInput).contains("get_weather");
    String secondInput = (String) turns.get(1).attr("langfuse.observation.input");
    assertThat(secondInput).contains("15 degrees and raining").contains("tool");
  }

  @Test
  void streamHasCompletionStartTime() {
    ReceivedSpan span = only("chat-stream");
    String start = (String) span.attr("langfuse.observation.completion_start_time");
    assertThat(start).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    long startNanos = Instant.parse(start).toEpochMilli() * 1_000_000L;
    assertThat(startNanos).isBetween(span.startNanos() - 1_000_000L, span.endNanos() + 1_000_000L);
    assertThat(span.json("langfuse.observation.output").path("content").asText()).isNotEmpty();
  }

  @Test
  void streamWithoutUsageSendsNoUsage() {
    assertThat(only("chat-stream").attr("langfuse.observation.usage_details")).isNull();
  }

  @Test
  void streamWithIncludeUsage() {
    JsonNode usage = only("chat-stream-usage").json("langfuse.observation.usage_details");
    assertThat(usage.path("input").asLong()).isEqualTo(22);
    assertThat(usage.path("output").asLong()).isEqualTo(3);
    assertThat(usage.path("total").asLong()).isEqualTo(25);
  }

  @Test
  void streamClosedEarlyIsWarning() {
    ReceivedSpan span = only("chat-stream-close-early");
    assertThat(span.attr("langfuse.observation.level")).isEqualTo("WARNING");
  }

  @Test
  void abandonedStreamIsWarning() {
    ReceivedSpan span = only("chat-stream-abandoned");
    assertThat(span.attr("langfuse.observation.level")).isEqualTo("WARNING");
    assertThat(span.attr("langfuse.observation.status_message"))
        .isEqualTo("stream abandoned before completion");
    assertThat(span.json("langfuse.observation.output").path("content").asText())
        .isEqualTo("Atlantic");
  }

  @Test
  void abandonedStreamExportedOnce() {
    long abandoned =
        receiver.spans().stream()
            .filter(
                span ->
                    "stream abandoned before completion"
                        .equals(span.attr("langfuse.observation.status_message")))
            .count();
    assertThat(abandoned).isEqualTo(1);
  }

  @Test
  void abandonedStreamWasCollected() {
    assertThat(withAgent.stdout()).contains("stream collected: true");
  }

  @Test
  void streamToolCallsAssembled() {
    String output = (String) only("chat-stream-tool-calls").attr("langfuse.observation.output");
    assertThat(output).contains("get_weather").contains("New York City").contains("London");
  }

  @Test
  void asyncCreateTraced() {
    ReceivedSpan span = only("chat-async");
    assertThat(span.json("langfuse.observation.output").path("content").asText())
        .isEqualTo("Atlantic Ocean");
  }

  @Test
  void asyncStreamTraced() {
    ReceivedSpan span = only("chat-async-stream");
    assertThat(span.attr("langfuse.observation.completion_start_time")).isNotNull();
    assertThat(span.json("langfuse.observation.output").path("content").asText()).isNotEmpty();
  }

  @Test
  void rawResponseTraced() {
    ReceivedSpan span = only("chat-raw");
    assertThat(span.json("langfuse.observation.output").path("content").asText())
        .isEqualTo("Atlantic Ocean");
  }

  @Test
  void embeddingsAreEmbeddingType() {
    ReceivedSpan span = only("embeddings");
    assertThat(span.attr("langfuse.observation.type")).isEqualTo("embedding");
    assertThat(span.attr("gen_ai.operation.name")).isEqualTo("embeddings");
    assertThat(span.json("langfuse.observation.usage_details").path("input").asLong()).isPositive();
  }

  @Test
  void responsesReasoningTokens() {
    ReceivedSpan span = only("responses-reasoning");
    JsonNode usage = span.json("langfuse.observation.usage_details");
    assertThat(usage.path("output_reasoning_tokens").asLong()).isEqualTo(9);
    assertThat(usage.path("output").asLong()).isEqualTo(288 - 9);
    assertThat(usage.path("input").asLong()).isEqualTo(44);
    assertThat(usage.path("total").asLong()).isEqualTo(332);
    assertThat(span.attr("gen_ai.response.model")).isEqualTo("gpt-5.4-2026-03-05");
  }

  @Test
  void responsesFunctionCallOutput() {
    String output = (String) only("responses-function-call").attr("langfuse.observation.output");
    assertThat(output).contains("get_current_weather");
  }

  @Test
  void responsesStreamTraced() {
    ReceivedSpan span = only("responses-stream");
    assertThat(span.attr("langfuse.observation.completion_start_time")).isNotNull();
    assertThat(span.attr("langfuse.observation.usage_details")).isNotNull();
  }

  @Test
  void agentLogsNeverContainSecret() {
    assertThat(withAgent.stderr()).doesNotContain(SECRET_KEY);
    assertThat(withAgent.stdout()).doesNotContain(SECRET_KEY);
  }

  @Test
  void agentLogsStartLine() {
    assertThat(withAgent.stderr()).contains("[langfuse-agent] INFO started");
  }

  private ReceivedSpan only(String scenario) {
    List<ReceivedSpan> spans = spansByScenario.get(scenario);
    assertThat(spans).as("spans of " + scenario).hasSize(1);
    return spans.get(0);
  }

  private ChildJvm agentJvm() throws Exception {
    return childJvm()
        .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
        .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
        .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
        .env("LANGFUSE_BASE_URL", receiver.baseUrl())
        .env("LANGFUSE_FLUSH_INTERVAL", "0.2")
        .env("LANGFUSE_TRACING_ENVIRONMENT", "it")
        .env("LANGFUSE_RELEASE", "it-release-1")
        .env("OTEL_SERVICE_NAME", "it-openai-app");
  }

  private static String[] scenarioNames() {
    String[] names = new String[SCENARIOS.length];
    for (int i = 0; i < SCENARIOS.length; i++) {
      names[i] = (String) SCENARIOS[i][0];
    }
    return names;
  }
}
