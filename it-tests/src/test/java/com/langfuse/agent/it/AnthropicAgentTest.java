package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.langfuse.agent.it.apps.AnthropicScenarioApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.FakeResponse;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs {@link AnthropicScenarioApp}, which uses the real Anthropic Java SDK, in a child JVM with
 * the packaged agent, against a loopback provider replaying recorded Anthropic responses and a
 * loopback Langfuse stand-in. One child JVM runs every successful scenario in order, so the spans,
 * sorted by start time, line up with the scenarios. A second child JVM runs the error scenarios.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnthropicAgentTest {

  private static final String PUBLIC_KEY = "pk-lf-it-anthropic";
  private static final String SECRET_KEY = "sk-lf-it-anthropic-secret-never-logged";
  private static final String MODEL = "claude-sonnet-4-20250514";
  private static final String ISO_MILLIS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

  /** Successful scenarios, each making one generation. */
  private static final String[] SCENARIOS = {
    "basic",
    "parameters",
    "tool-use",
    "thinking",
    "stream",
    "stream-close-early",
    "async",
    "async-stream",
    "raw",
    "beta",
  };

  private static final String[] ERROR_SCENARIOS = {"error-404", "error-500"};

  private FakeLlmProvider provider;
  private OtlpReceiver receiver;
  private ChildJvm.Result withAgent;
  private final Map<String, ReceivedSpan> spanByScenario = new LinkedHashMap<>();

  private FakeLlmProvider errorProvider;
  private OtlpReceiver errorReceiver;
  private ChildJvm.Result errorRun;
  private List<ReceivedSpan> errorSpans;

  @BeforeAll
  void runScenariosWithAgent() throws Exception {
    provider = new FakeLlmProvider().start();
    receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start();
    withAgent = agentJvm(provider, receiver).run(AnthropicScenarioApp.class, SCENARIOS);

    List<ReceivedSpan> spans =
        new ArrayList<>(receiver.awaitSpans(SCENARIOS.length, Duration.ofSeconds(30)));
    spans.sort(Comparator.comparingLong(ReceivedSpan::startNanos));
    for (int i = 0; i < SCENARIOS.length && i < spans.size(); i++) {
      spanByScenario.put(SCENARIOS[i], spans.get(i));
    }

    errorProvider = new FakeLlmProvider().start();
    errorReceiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start();
    errorProvider.enqueue("anthropic/messages-error-404");
    errorProvider.enqueue(
        FakeResponse.json(
            500,
            "{\"type\":\"error\",\"error\":{\"type\":\"api_error\","
                + "\"message\":\"Internal server error\"}}"));
    errorRun =
        agentJvm(errorProvider, errorReceiver).run(AnthropicScenarioApp.class, ERROR_SCENARIOS);
    errorSpans = new ArrayList<>(errorReceiver.awaitSpans(2, Duration.ofSeconds(30)));
    errorSpans.sort(Comparator.comparingLong(ReceivedSpan::startNanos));
  }

  @AfterAll
  void stopServers() {
    provider.close();
    receiver.close();
    errorProvider.close();
    errorReceiver.close();
  }

  @Test
  void appExitsNormallyWithAgent() {
    assertThat(withAgent.exitCode()).as(withAgent.toString()).isZero();
    assertThat(withAgent.stdout()).doesNotContain("threw ");
  }

  @Test
  void appOutputSameWithoutAgent() throws Exception {
    try (FakeLlmProvider ownProvider = new FakeLlmProvider().start()) {
      ChildJvm.Result without =
          newChildJvm()
              .withoutAgent()
              .env("ANTHROPIC_BASE_URL", ownProvider.baseUrl())
              .run(AnthropicScenarioApp.class, SCENARIOS);
      assertThat(without.exitCode()).as(without.toString()).isZero();
      assertThat(withAgent.stdout()).isEqualTo(without.stdout());
    }
  }

  @Test
  void exactlyOneSpanPerCall() {
    assertThat(receiver.spans()).hasSize(SCENARIOS.length);
    assertThat(provider.requests()).hasSize(SCENARIOS.length);
    assertThat(receiver.violations()).isEmpty();
  }

  @Test
  void agentLogsNameAnthropicInstrumentation() {
    assertThat(withAgent.stderr()).contains("anthropic");
    assertThat(withAgent.stderr()).doesNotContain(SECRET_KEY);
  }

  @Test
  void basicIsRootGeneration() {
    ReceivedSpan span = span("basic");
    assertThat(span.name()).isEqualTo("chat " + MODEL);
    assertThat(span.attr("langfuse.observation.type")).isEqualTo("generation");
    assertThat(span.attr("gen_ai.operation.name")).isEqualTo("chat");
    assertThat(span.attr("gen_ai.provider.name")).isEqualTo("anthropic");
    assertThat(span.attr("gen_ai.request.model")).isEqualTo(MODEL);
    assertThat(span.attr("gen_ai.response.model")).isEqualTo(MODEL);
    assertThat(span.parentSpanId()).isNullOrEmpty();
  }

  @Test
  void basicUsageDetails() {
    JsonNode usage = span("basic").json("langfuse.observation.usage_details");
    assertThat(usage.path("input").asLong()).isEqualTo(13);
    assertThat(usage.path("output").asLong()).isEqualTo(5);
    assertThat(usage.path("total").asLong()).isEqualTo(18);
    assertThat(usage.path("input_cache_read").asLong(-1)).isZero();
    assertThat(usage.path("input_cache_creation_5m").asLong(-1)).isZero();
    assertThat(usage.path("input_cache_creation_1h").asLong(-1)).isZero();
    assertThat(usage.has("input_cache_creation")).isFalse();
  }

  @Test
  void basicInputAndOutput() {
    ReceivedSpan span = span("basic");
    JsonNode input = span.json("langfuse.observation.input");
    assertThat(input.get(0).path("role").asText()).isEqualTo("system");
    assertThat(input.get(0).path("content").asText()).isEqualTo("Answer in one word.");
    assertThat(input.get(1).path("content").asText()).isEqualTo("Say hello in one word.");
    JsonNode output = span.json("langfuse.observation.output");
    assertThat(output.path("role").asText()).isEqualTo("assistant");
    assertThat(output.path("content").get(0).path("text").asText()).isEqualTo("Hello!");
    assertThat(output.path("stop_reason").asText()).isEqualTo("end_turn");
  }

  @Test
  void parametersAreScalars() {
    JsonNode parameters = span("parameters").json("langfuse.observation.model.parameters");
    assertThat(parameters.path("max_tokens").asLong()).isEqualTo(100);
    assertThat(parameters.path("temperature").asDouble()).isEqualTo(0.7);
    assertThat(parameters.path("top_k").asLong()).isEqualTo(5);
    assertThat(parameters.path("stop_sequences").asText()).isEqualTo("[\"END\"]");
    parameters
        .fields()
        .forEachRemaining(
            field -> assertThat(field.getValue().isValueNode()).as(field.getKey()).isTrue());
  }

  @Test
  void toolUseInOutputAndToolsInInput() {
    ReceivedSpan span = span("tool-use");
    JsonNode input = span.json("langfuse.observation.input");
    assertThat(input.path("tools").get(0).path("name").asText()).isEqualTo("get_weather");
    JsonNode block = span.json("langfuse.observation.output").path("content").get(0);
    assertThat(block.path("type").asText()).isEqualTo("tool_use");
    assertThat(block.path("input").path("city").asText()).isEqualTo("San Francisco");
    assertThat(span.json("langfuse.observation.model.parameters").path("tool_choice").asText())
        .isEqualTo("get_weather");
  }

  @Test
  void thinkingBlockInOutput() {
    ReceivedSpan span = span("thinking");
    JsonNode content = span.json("langfuse.observation.output").path("content");
    assertThat(content.get(0).path("type").asText()).isEqualTo("thinking");
    assertThat(content.get(1).path("type").asText()).isEqualTo("text");
    JsonNode parameters = span.json("langfuse.observation.model.parameters");
    assertThat(parameters.path("thinking_budget_tokens").asLong()).isEqualTo(10000);
    assertThat(span.json("langfuse.observation.usage_details").path("output").asLong())
        .isEqualTo(417);
  }

  @Test
  void streamHasCompletionStartTime() {
    ReceivedSpan span = span("stream");
    String start = (String) span.attr("langfuse.observation.completion_start_time");
    assertThat(start).matches(ISO_MILLIS);
    long startNanos = Instant.parse(start).toEpochMilli() * 1_000_000L;
    assertThat(startNanos)
        .isBetween(span.startNanos() - 1_000_000L, span.endNanos() + 1_000_000L);
    JsonNode firstBlock = span.json("langfuse.observation.output").path("content").get(0);
    assertThat(firstBlock.path("text").asText()).isEqualTo("Hello.");
    assertThat(span.json("langfuse.observation.usage_details").path("output").asLong())
        .isEqualTo(5);
    assertThat(span.json("langfuse.observation.model.parameters").path("stream").asBoolean())
        .isTrue();
  }

  @Test
  void streamClosedEarlyIsWarning() {
    assertThat(span("stream-close-early").attr("langfuse.observation.level"))
        .isEqualTo("WARNING");
  }

  @Test
  void asyncCreateTraced() {
    assertThat(span("async").json("langfuse.observation.output").path("stop_reason").asText())
        .isEqualTo("end_turn");
  }

  @Test
  void asyncStreamTraced() {
    ReceivedSpan span = span("async-stream");
    assertThat((String) span.attr("langfuse.observation.completion_start_time"))
        .matches(ISO_MILLIS);
    JsonNode firstBlock = span.json("langfuse.observation.output").path("content").get(0);
    assertThat(firstBlock.path("text").asText()).isEqualTo("Hello.");
  }

  @Test
  void rawResponseTraced() {
    assertThat(span("raw").attr("gen_ai.response.id")).isEqualTo("msg_0176GK1qFwwpVM59jDYiKPjN");
  }

  @Test
  void betaMessagesTraced() {
    ReceivedSpan span = span("beta");
    assertThat(span.attr("gen_ai.provider.name")).isEqualTo("anthropic");
    assertThat(span.json("langfuse.observation.usage_details").path("total").asLong())
        .isEqualTo(18);
  }

  @Test
  void appSeesSdkExceptions() {
    assertThat(errorRun.exitCode()).as(errorRun.toString()).isZero();
    assertThat(errorRun.stdout())
        .contains("threw com.anthropic.errors.NotFoundException")
        .contains("threw com.anthropic.errors.InternalServerException");
  }

  @Test
  void notFoundIsErrorGeneration() {
    ReceivedSpan span = errorSpans.get(0);
    assertThat(span.statusCode()).isEqualTo("ERROR");
    assertThat(span.attr("langfuse.observation.level")).isEqualTo("ERROR");
    assertThat(span.attr("langfuse.observation.status_message"))
        .isEqualTo("HTTP 404: model: invalid-model-name");
    assertThat(span.attr("gen_ai.request.model")).isEqualTo("invalid-model-name");
  }

  @Test
  void serverErrorIsErrorGeneration() {
    ReceivedSpan span = errorSpans.get(1);
    assertThat(span.attr("langfuse.observation.level")).isEqualTo("ERROR");
    assertThat(span.attr("langfuse.observation.status_message"))
        .isEqualTo("HTTP 500: Internal server error");
  }

  @Test
  void switchLeavesCallsUntraced() throws Exception {
    try (FakeLlmProvider ownProvider = new FakeLlmProvider().start();
        OtlpReceiver ownReceiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result result =
          agentJvm(ownProvider, ownReceiver)
              .env("LANGFUSE_AGENT_INSTRUMENTATION_ANTHROPIC_ENABLED", "false")
              .run(AnthropicScenarioApp.class, "basic");

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.stderr()).contains("instrumentation anthropic is switched off");
      assertThat(ownProvider.requests()).hasSize(1);
      assertThat(ownReceiver.requests()).isEmpty();
    }
  }

  private ReceivedSpan span(String scenario) {
    ReceivedSpan span = spanByScenario.get(scenario);
    assertThat(span).as("span of " + scenario + "; " + withAgent).isNotNull();
    return span;
  }

  /** Returns the child JVM the scenarios run in; a subclass puts another SDK version under it. */
  ChildJvm newChildJvm() throws IOException {
    return new ChildJvm();
  }

  private ChildJvm agentJvm(FakeLlmProvider provider, OtlpReceiver receiver) throws IOException {
    return newChildJvm()
        .env("ANTHROPIC_BASE_URL", provider.baseUrl())
        .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
        .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
        .env("LANGFUSE_BASE_URL", receiver.baseUrl())
        .env("LANGFUSE_FLUSH_INTERVAL", "0.2")
        .env("OTEL_SERVICE_NAME", "it-anthropic-app");
  }
}
