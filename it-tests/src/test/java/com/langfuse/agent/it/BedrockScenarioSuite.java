package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.langfuse.agent.it.apps.BedrockScenarioApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
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
 * Runs {@link BedrockScenarioApp}, which uses the real AWS SDK Bedrock Runtime clients, in a child
 * JVM with the packaged agent, against a loopback server that sends responses in Bedrock's wire
 * format and a loopback Langfuse stand-in. One child JVM runs every scenario in order, each making
 * one application call, so the spans, sorted by start time, line up with the scenarios. Each
 * subclass chooses the child JVM's SDK version.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BedrockScenarioSuite {

  static final String PUBLIC_KEY = "pk-lf-it-bedrock";
  static final String SECRET_KEY = "sk-lf-it-bedrock-secret-never-logged";
  static final String ISO_MILLIS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

  /** Scenarios in order; each is one application call and so one generation. */
  static final String[] SCENARIOS = {
    "converse",
    "converse-tool-use",
    "converse-async",
    "converse-stream",
    "converse-stream-tool-use",
    "invoke-claude",
    "invoke-claude-async",
    "invoke-claude-stream",
    "invoke-nova",
    "invoke-llama",
    "throttled-then-retried",
    "error-validation",
    "error-throttling",
    "error-stream",
  };

  /** HTTP requests the scenarios send: one each, and two for the retried one. */
  static final int HTTP_REQUESTS = SCENARIOS.length + 1;

  FakeLlmProvider provider;
  OtlpReceiver receiver;
  ChildJvm.Result withAgent;
  private final Map<String, ReceivedSpan> spanByScenario = new LinkedHashMap<>();

  /** Returns a child JVM set up for this suite's SDK version, with or without the agent. */
  abstract ChildJvm childJvm() throws Exception;

  /**
   * Returns whether the suite's SDK version parses the prompt cache counts of Converse, which
   * 2.25.63 lacks.
   */
  abstract boolean sdkReadsCacheUsage();

  @BeforeAll
  void runScenariosWithAgent() throws Exception {
    provider = new FakeLlmProvider().start();
    receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start();
    BedrockResponses.enqueue(provider, SCENARIOS);
    withAgent = agentJvm(childJvm(), provider, receiver).run(BedrockScenarioApp.class, SCENARIOS);

    List<ReceivedSpan> spans =
        new ArrayList<>(receiver.awaitSpans(SCENARIOS.length, Duration.ofSeconds(30)));
    spans.sort(Comparator.comparingLong(ReceivedSpan::startNanos));
    for (int i = 0; i < SCENARIOS.length && i < spans.size(); i++) {
      spanByScenario.put(SCENARIOS[i], spans.get(i));
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
    assertThat(withAgent.stderr()).doesNotContain("instrumentation com.langfuse");
    assertThat(withAgent.stderr()).doesNotContain("bedrock instrumentation:");
  }

  @Test
  void appOutputSameWithoutAgent() throws Exception {
    try (FakeLlmProvider ownProvider = new FakeLlmProvider().start()) {
      BedrockResponses.enqueue(ownProvider, SCENARIOS);
      ChildJvm.Result without =
          childJvm()
              .withoutAgent()
              .env("BEDROCK_ENDPOINT", ownProvider.baseUrl())
              .run(BedrockScenarioApp.class, SCENARIOS);
      assertThat(without.exitCode()).as(without.toString()).isZero();
      assertThat(withAgent.stdout()).isEqualTo(without.stdout());
    }
  }

  @Test
  void oneGenerationPerApplicationCall() {
    assertThat(provider.requests()).hasSize(HTTP_REQUESTS);
    assertThat(receiver.spans()).hasSize(SCENARIOS.length);
    assertThat(receiver.spans())
        .allSatisfy(
            span -> assertThat(span.attr("langfuse.observation.type")).isEqualTo("generation"));
    assertThat(receiver.violations()).isEmpty();
  }

  @Test
  void retriedCallIsOneGeneration() {
    ReceivedSpan span = span("throttled-then-retried");
    assertThat(span.statusCode()).isNotEqualTo("ERROR");
    assertThat(span.attr("langfuse.observation.level")).isNull();
    assertThat(span.json("langfuse.observation.output").path("stopReason").asText())
        .isEqualTo("end_turn");
  }

  @Test
  void converseIsRootGeneration() {
    ReceivedSpan span = span("converse");
    assertThat(span.name()).isEqualTo("chat " + BedrockScenarioApp.CLAUDE);
    assertThat(span.kind()).isEqualTo("CLIENT");
    assertThat(span.attr("gen_ai.operation.name")).isEqualTo("chat");
    assertThat(span.attr("gen_ai.provider.name")).isEqualTo("aws.bedrock");
    assertThat(span.attr("gen_ai.request.model")).isEqualTo(BedrockScenarioApp.CLAUDE);
    assertThat(span.attr("gen_ai.response.id")).isEqualTo(BedrockResponses.REQUEST_ID);
    assertThat(span.attr("gen_ai.response.finish_reasons")).isEqualTo(List.of("end_turn"));
    assertThat(span.parentSpanId()).isNullOrEmpty();
  }

  @Test
  void converseParametersAreScalars() {
    JsonNode parameters = span("converse").json("langfuse.observation.model.parameters");
    assertThat(parameters.path("maxTokens").asLong()).isEqualTo(100);
    assertThat(parameters.path("temperature").asDouble()).isEqualTo(0.5);
    assertThat(parameters.path("topP").asDouble()).isCloseTo(0.9, within());
    assertThat(parameters.path("stopSequences").asText()).isEqualTo("[\"END\"]");
    assertThat(parameters.path("top_k").asLong()).isEqualTo(5);
    assertThat(parameters.has("stream")).isFalse();
  }

  @Test
  void converseUsageDetails() {
    JsonNode usage = span("converse").json("langfuse.observation.usage_details");
    assertThat(usage.path("input").asLong()).isEqualTo(12);
    assertThat(usage.path("output").asLong()).isEqualTo(4);
    if (sdkReadsCacheUsage()) {
      assertThat(usage.path("input_cache_read").asLong()).isEqualTo(1024);
      assertThat(usage.path("input_cache_creation_5m").asLong()).isEqualTo(6);
      assertThat(usage.has("input_cache_creation")).isFalse();
    }
    assertThat(usage.path("total").asLong()).isEqualTo(1046);
  }

  @Test
  void converseInputAndOutput() {
    ReceivedSpan span = span("converse");
    JsonNode input = span.json("langfuse.observation.input");
    assertThat(input.get(0).path("role").asText()).isEqualTo("system");
    assertThat(input.get(0).path("content").get(0).path("text").asText())
        .isEqualTo("Answer in one word.");
    assertThat(input.get(1).path("role").asText()).isEqualTo("user");
    assertThat(input.get(1).path("content").get(0).path("text").asText())
        .isEqualTo("Say hello in one word.");
    JsonNode output = span.json("langfuse.observation.output");
    assertThat(output.path("role").asText()).isEqualTo("assistant");
    assertThat(output.path("content").get(0).path("text").asText()).isEqualTo("Hello!");
    assertThat(output.path("stopReason").asText()).isEqualTo("end_turn");
  }

  @Test
  void converseToolUseRecorded() {
    ReceivedSpan span = span("converse-tool-use");
    JsonNode tool = span.json("langfuse.observation.input").path("toolConfig").path("tools").get(0);
    assertThat(tool.path("toolSpec").path("name").asText()).isEqualTo("get_weather");
    assertThat(tool.path("toolSpec").path("inputSchema").path("json").path("type").asText())
        .isEqualTo("object");
    JsonNode block = span.json("langfuse.observation.output").path("content").get(1);
    assertThat(block.path("toolUse").path("name").asText()).isEqualTo("get_weather");
    assertThat(block.path("toolUse").path("input").path("city").asText()).isEqualTo("Paris");
    assertThat(span.attr("gen_ai.response.finish_reasons")).isEqualTo(List.of("tool_use"));
  }

  @Test
  void asyncConverseTraced() {
    ReceivedSpan span = span("converse-async");
    assertThat(
            span.json("langfuse.observation.output").path("content").get(0).path("text").asText())
        .isEqualTo("Hello!");
    assertThat(span.json("langfuse.observation.usage_details").path("output").asLong())
        .isEqualTo(4);
  }

  @Test
  void converseStreamHasCompletionStartTime() {
    ReceivedSpan span = span("converse-stream");
    String start = (String) span.attr("langfuse.observation.completion_start_time");
    assertThat(start).matches(ISO_MILLIS);
    long startNanos = Instant.parse(start).toEpochMilli() * 1_000_000L;
    assertThat(startNanos).isBetween(span.startNanos() - 1_000_000L, span.endNanos() + 1_000_000L);
  }

  @Test
  void converseStreamOutputAndUsage() {
    ReceivedSpan span = span("converse-stream");
    JsonNode output = span.json("langfuse.observation.output");
    assertThat(output.path("role").asText()).isEqualTo("assistant");
    assertThat(output.path("content").get(0).path("text").asText()).isEqualTo("Hello.");
    assertThat(output.path("stopReason").asText()).isEqualTo("end_turn");
    JsonNode usage = span.json("langfuse.observation.usage_details");
    assertThat(usage.path("input").asLong()).isEqualTo(14);
    assertThat(usage.path("output").asLong()).isEqualTo(3);
    assertThat(usage.path("total").asLong()).isEqualTo(17);
    JsonNode parameters = span.json("langfuse.observation.model.parameters");
    assertThat(parameters.path("stream").asBoolean()).isTrue();
    assertThat(parameters.path("maxTokens").asLong()).isEqualTo(50);
  }

  @Test
  void converseStreamToolUseAssembled() {
    ReceivedSpan span = span("converse-stream-tool-use");
    JsonNode toolUse =
        span.json("langfuse.observation.output").path("content").get(0).path("toolUse");
    assertThat(toolUse.path("toolUseId").asText()).isEqualTo("tooluse_Qm9vbGVhbjEyMw");
    assertThat(toolUse.path("name").asText()).isEqualTo("get_weather");
    assertThat(toolUse.path("input").path("city").asText()).isEqualTo("Paris");
    assertThat(span.attr("gen_ai.response.finish_reasons")).isEqualTo(List.of("tool_use"));
  }

  @Test
  void invokeModelClaudeBody() {
    ReceivedSpan span = span("invoke-claude");
    assertThat(span.attr("gen_ai.request.model")).isEqualTo(BedrockScenarioApp.CLAUDE);
    assertThat(span.attr("gen_ai.response.model")).isEqualTo("claude-3-haiku-20240307");
    assertThat(span.attr("gen_ai.response.id")).isEqualTo("msg_bdrk_01XFDUDYJgAACzvnptvVoYEL");
    JsonNode parameters = span.json("langfuse.observation.model.parameters");
    assertThat(parameters.path("max_tokens").asLong()).isEqualTo(200);
    assertThat(parameters.path("temperature").asDouble()).isEqualTo(0.2);
    JsonNode input = span.json("langfuse.observation.input");
    assertThat(input.get(0).path("role").asText()).isEqualTo("system");
    assertThat(input.get(0).path("content").asText()).isEqualTo("Answer briefly.");
    assertThat(input.get(1).path("content").get(0).path("text").asText())
        .isEqualTo("Name the largest ocean.");
    JsonNode output = span.json("langfuse.observation.output");
    assertThat(output.path("content").get(0).path("text").asText()).isEqualTo("The Pacific Ocean.");
    assertThat(output.path("stop_reason").asText()).isEqualTo("end_turn");
    JsonNode usage = span.json("langfuse.observation.usage_details");
    assertThat(usage.path("input").asLong()).isEqualTo(18);
    assertThat(usage.path("output").asLong()).isEqualTo(7);
    assertThat(usage.path("total").asLong()).isEqualTo(25);
  }

  @Test
  void asyncInvokeModelTraced() {
    ReceivedSpan span = span("invoke-claude-async");
    assertThat(span.json("langfuse.observation.usage_details").path("total").asLong())
        .isEqualTo(25);
  }

  @Test
  void invokeModelStreamAssembled() {
    ReceivedSpan span = span("invoke-claude-stream");
    assertThat(span.attr("gen_ai.response.id")).isEqualTo("msg_bdrk_01Streamed");
    assertThat(span.attr("gen_ai.response.model")).isEqualTo("claude-3-haiku-20240307");
    assertThat(span.attr("gen_ai.response.finish_reasons")).isEqualTo(List.of("end_turn"));
    assertThat(span.json("langfuse.observation.output").asText()).isEqualTo("The Pacific Ocean.");
    assertThat(span.json("langfuse.observation.input").get(0).path("role").asText())
        .isEqualTo("system");
    JsonNode usage = span.json("langfuse.observation.usage_details");
    assertThat(usage.path("input").asLong()).isEqualTo(15);
    assertThat(usage.path("output").asLong()).isEqualTo(6);
    assertThat(usage.path("total").asLong()).isEqualTo(21);
    String start = (String) span.attr("langfuse.observation.completion_start_time");
    assertThat(start).matches(ISO_MILLIS);
    long startNanos = Instant.parse(start).toEpochMilli() * 1_000_000L;
    assertThat(startNanos).isBetween(span.startNanos() - 1_000_000L, span.endNanos() + 1_000_000L);
  }

  @Test
  void invokeModelNovaBody() {
    ReceivedSpan span = span("invoke-nova");
    assertThat(span.attr("gen_ai.request.model")).isEqualTo(BedrockScenarioApp.NOVA);
    JsonNode parameters = span.json("langfuse.observation.model.parameters");
    assertThat(parameters.path("maxTokens").asLong()).isEqualTo(300);
    assertThat(parameters.path("topP").asDouble()).isEqualTo(0.9);
    JsonNode input = span.json("langfuse.observation.input");
    assertThat(input.get(0).path("role").asText()).isEqualTo("system");
    assertThat(input.get(1).path("content").get(0).path("text").asText())
        .isEqualTo("Name the largest ocean.");
    JsonNode output = span.json("langfuse.observation.output");
    assertThat(output.path("content").get(0).path("text").asText()).isEqualTo("The Pacific Ocean.");
    JsonNode usage = span.json("langfuse.observation.usage_details");
    assertThat(usage.path("input").asLong()).isEqualTo(11);
    assertThat(usage.path("output").asLong()).isEqualTo(6);
    assertThat(usage.path("total").asLong()).isEqualTo(17);
    assertThat(usage.path("input_cache_read").asLong(-1)).isZero();
  }

  @Test
  void invokeModelLlamaBody() {
    ReceivedSpan span = span("invoke-llama");
    assertThat(span.json("langfuse.observation.output").asText()).isEqualTo("The Pacific Ocean.");
    assertThat(span.json("langfuse.observation.input").asText())
        .contains("Name the largest ocean.");
    assertThat(span.json("langfuse.observation.model.parameters").path("max_gen_len").asLong())
        .isEqualTo(128);
    JsonNode usage = span.json("langfuse.observation.usage_details");
    assertThat(usage.path("input").asLong()).isEqualTo(21);
    assertThat(usage.path("output").asLong()).isEqualTo(6);
    assertThat(span.attr("gen_ai.response.finish_reasons")).isEqualTo(List.of("stop"));
  }

  @Test
  void appSeesSdkExceptions() {
    String model = "threw software.amazon.awssdk.services.bedrockruntime.model.";
    assertThat(withAgent.stdout())
        .contains("== error-validation\n" + model + "ValidationException")
        .contains("== error-throttling\n" + model + "ThrottlingException");
    // 2.25.63 reports the stream's modelStreamErrorException as a BedrockRuntimeException.
    assertThat(withAgent.stdout()).containsPattern("== error-stream\n" + model + "\\w*Exception");
  }

  @Test
  void validationErrorIsErrorGeneration() {
    ReceivedSpan span = span("error-validation");
    assertThat(span.statusCode()).isEqualTo("ERROR");
    assertThat(span.attr("langfuse.observation.level")).isEqualTo("ERROR");
    assertThat(span.attr("langfuse.observation.status_message"))
        .isEqualTo("HTTP 400 ValidationException: " + BedrockResponses.VALIDATION_MESSAGE);
    assertThat(span.attr("gen_ai.request.model")).isEqualTo("anthropic.claude-unknown-v9:0");
  }

  @Test
  void throttlingErrorIsErrorGeneration() {
    ReceivedSpan span = span("error-throttling");
    assertThat(span.attr("langfuse.observation.level")).isEqualTo("ERROR");
    assertThat(span.attr("langfuse.observation.status_message"))
        .isEqualTo("HTTP 429 ThrottlingException: " + BedrockResponses.THROTTLING_MESSAGE);
  }

  @Test
  void streamErrorKeepsPartialOutput() {
    ReceivedSpan span = span("error-stream");
    assertThat(span.attr("langfuse.observation.level")).isEqualTo("ERROR");
    assertThat((String) span.attr("langfuse.observation.status_message"))
        .contains(BedrockResponses.STREAM_ERROR_MESSAGE);
    assertThat(
            span.json("langfuse.observation.output").path("content").get(0).path("text").asText())
        .isEqualTo("Hel");
  }

  ReceivedSpan span(String scenario) {
    ReceivedSpan span = spanByScenario.get(scenario);
    assertThat(span).as("span of " + scenario + "; " + withAgent).isNotNull();
    return span;
  }

  static ChildJvm agentJvm(ChildJvm jvm, FakeLlmProvider provider, OtlpReceiver receiver) {
    return jvm.env("BEDROCK_ENDPOINT", provider.baseUrl())
        .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
        .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
        .env("LANGFUSE_BASE_URL", receiver.baseUrl())
        .env("LANGFUSE_FLUSH_INTERVAL", "0.2")
        .env("OTEL_SERVICE_NAME", "it-bedrock-app");
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-6);
  }
}
