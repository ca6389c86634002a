package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.langfuse.agent.it.apps.LangChain4jScenarioApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.FakeResponse;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs {@link LangChain4jScenarioApp}, which uses LangChain4j 1.19.0 with its OpenAI, Anthropic,
 * Google AI Gemini and Ollama modules, in one child JVM with the packaged agent, against a loopback
 * provider and a loopback Langfuse stand-in. The OpenAI, Anthropic and Gemini responses are
 * recorded provider responses. Ollama has no recording, so its response is a body written
 * for this test in the shape of Ollama's {@code /api/chat} reply.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LangChain4jAgentTest {

  private static final String PUBLIC_KEY = "pk-lf-it-langchain4j";
  private static final String SECRET_KEY = "sk-lf-it-langchain4j-secret-never-logged";
  private static final String ISO_MILLIS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

  /** An Ollama {@code /api/chat} reply, written for this test: no recording exists. */
  static final String OLLAMA_CHAT =
      "{\"model\":\"llama3.2\",\"created_at\":\"2026-01-01T00:00:00.000Z\","
          + "\"message\":{\"role\":\"assistant\",\"content\":\"Hello there!\"},"
          + "\"done_reason\":\"stop\",\"done\":true,\"total_duration\":1000000,"
          + "\"prompt_eval_count\":26,\"eval_count\":4}";

  /** Spans each scenario exports: its root and the root's descendants. */
  private static final int EXPECTED_SPANS = 24;

  private FakeLlmProvider provider;
  private OtlpReceiver receiver;
  private ChildJvm.Result withAgent;
  private LangChain4jTraces traces;

  @BeforeAll
  void runScenariosWithAgent() throws Exception {
    provider = startProvider();
    receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start();
    withAgent =
        agentJvm(provider, receiver)
            .run(LangChain4jScenarioApp.class, LangChain4jScenarioApp.SCENARIOS);

    traces =
        LangChain4jTraces.await(
            receiver, EXPECTED_SPANS, LangChain4jScenarioApp.SCENARIOS, withAgent.stdout());
  }

  @AfterAll
  void stopServers() {
    provider.close();
    receiver.close();
  }

  @Test
  void appExitsNormallyWithAgent() {
    assertThat(withAgent.exitCode()).as(withAgent.toString()).isZero();
    assertThat(withAgent.stdout()).as(withAgent.toString()).doesNotContain("threw ");
  }

  @Test
  void appOutputSameWithoutAgent() throws Exception {
    try (FakeLlmProvider ownProvider = startProvider()) {
      ChildJvm.Result without =
          new ChildJvm()
              .withoutAgent()
              .env("FAKE_PROVIDER_URL", ownProvider.baseUrl())
              .run(LangChain4jScenarioApp.class, LangChain4jScenarioApp.SCENARIOS);
      assertThat(without.exitCode()).as(without.toString()).isZero();
      assertThat(withAgent.stdout()).isEqualTo(without.stdout());
    }
  }

  @Test
  void oneGenerationPerProviderRequest() {
    assertThat(traces.modelObservations())
        .as(traces.tree())
        .isEqualTo(provider.requests().size());
    assertThat(traces.spans()).as(traces.tree()).hasSize(EXPECTED_SPANS);
    assertThat(receiver.violations()).isEmpty();
  }

  @Test
  void everyScenarioHasOneRoot() {
    assertThat(traces.rootCount())
        .as(traces.tree())
        .isEqualTo(LangChain4jScenarioApp.SCENARIOS.length);
  }

  @Test
  void openAiChatGeneration() {
    ReceivedSpan span = traces.root("openai-chat");
    assertThat(span.name()).isEqualTo("chat gpt-4o-mini");
    assertThat(LangChain4jTraces.type(span)).isEqualTo("generation");
    assertThat(span.attr("gen_ai.operation.name")).isEqualTo("chat");
    assertThat(span.attr("gen_ai.provider.name")).isEqualTo("openai");
    assertThat(span.attr("gen_ai.request.model")).isEqualTo("gpt-4o-mini");
    assertThat(span.attr("gen_ai.response.model")).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(span.attr("gen_ai.response.id")).asString().startsWith("chatcmpl-");
    assertThat(span.attr("gen_ai.response.finish_reasons").toString()).contains("stop");
  }

  @Test
  void openAiChatParameters() {
    JsonNode parameters = traces.root("openai-chat").json("langfuse.observation.model.parameters");
    assertThat(parameters.path("temperature").asDouble()).isEqualTo(0.7);
    assertThat(parameters.path("top_p").asDouble()).isEqualTo(0.9);
    assertThat(parameters.path("max_tokens").asLong()).isEqualTo(50);
    parameters
        .fields()
        .forEachRemaining(
            field -> assertThat(field.getValue().isValueNode()).as(field.getKey()).isTrue());
  }

  @Test
  void openAiChatInputAndOutput() {
    ReceivedSpan span = traces.root("openai-chat");
    JsonNode input = span.json("langfuse.observation.input");
    assertThat(input.get(0).path("role").asText()).isEqualTo("system");
    assertThat(input.get(1).path("role").asText()).isEqualTo("user");
    assertThat(input.get(1).path("content").asText()).isEqualTo("Say this is a test");
    JsonNode output = span.json("langfuse.observation.output");
    assertThat(output.path("role").asText()).isEqualTo("assistant");
    assertThat(output.path("content").asText()).isNotEmpty();
  }

  @Test
  void openAiChatUsage() {
    JsonNode usage = traces.root("openai-chat").json("langfuse.observation.usage_details");
    assertThat(usage.path("input").asLong(-1)).isGreaterThan(0);
    assertThat(usage.path("output").asLong(-1)).isGreaterThan(0);
    assertThat(usage.path("total").asLong(-1))
        .isEqualTo(
            usage.path("input").asLong()
                + usage.path("input_cached_tokens").asLong()
                + usage.path("output").asLong()
                + usage.path("output_reasoning_tokens").asLong());
    assertThat(usage.has("input_cached_tokens")).isTrue();
  }

  @Test
  void openAiStreamHasCompletionStart() {
    ReceivedSpan span = traces.root("openai-stream");
    assertThat(LangChain4jTraces.type(span)).isEqualTo("generation");
    assertThat(span.attr("langfuse.observation.completion_start_time"))
        .asString()
        .matches(ISO_MILLIS);
    assertThat(span.json("langfuse.observation.output").path("content").asText()).isNotEmpty();
    assertThat(span.json("langfuse.observation.model.parameters").path("temperature").asDouble())
        .isEqualTo(0.5);
  }

  @Test
  void anthropicChatGeneration() {
    ReceivedSpan span = traces.root("anthropic-chat");
    assertThat(span.attr("gen_ai.provider.name")).isEqualTo("anthropic");
    assertThat(span.attr("gen_ai.request.model")).isEqualTo("claude-sonnet-4-20250514");
    JsonNode usage = span.json("langfuse.observation.usage_details");
    assertThat(usage.path("input").asLong(-1)).isGreaterThan(0);
    assertThat(usage.path("output").asLong(-1)).isGreaterThan(0);
    assertThat(usage.path("input_cache_read").asLong(-1)).isZero();
    JsonNode parameters = span.json("langfuse.observation.model.parameters");
    assertThat(parameters.path("max_tokens").asLong()).isEqualTo(100);
    assertThat(parameters.path("top_k").asLong()).isEqualTo(5);
  }

  @Test
  void anthropicStreamHasCompletionStart() {
    ReceivedSpan span = traces.root("anthropic-stream");
    assertThat(LangChain4jTraces.type(span)).isEqualTo("generation");
    assertThat(span.attr("gen_ai.provider.name")).isEqualTo("anthropic");
    assertThat(span.attr("langfuse.observation.completion_start_time"))
        .asString()
        .matches(ISO_MILLIS);
    assertThat(span.json("langfuse.observation.usage_details").path("output").asLong(-1))
        .isGreaterThan(0);
  }

  @Test
  void geminiChatGeneration() {
    ReceivedSpan span = traces.root("gemini-chat");
    assertThat(span.attr("gen_ai.provider.name")).isEqualTo("gcp.gemini");
    assertThat(span.attr("gen_ai.request.model")).isEqualTo("gemini-2.5-flash");
    assertThat(span.json("langfuse.observation.usage_details").path("input").asLong(-1))
        .isGreaterThan(0);
    assertThat(span.json("langfuse.observation.model.parameters").path("temperature").asDouble())
        .isEqualTo(0.2);
    assertThat(span.json("langfuse.observation.output").path("content").asText()).isNotEmpty();
  }

  @Test
  void geminiStreamHasCompletionStart() {
    ReceivedSpan span = traces.root("gemini-stream");
    assertThat(LangChain4jTraces.type(span)).isEqualTo("generation");
    assertThat(span.attr("langfuse.observation.completion_start_time"))
        .asString()
        .matches(ISO_MILLIS);
  }

  @Test
  void ollamaChatGeneration() {
    ReceivedSpan span = traces.root("ollama-chat");
    assertThat(span.attr("gen_ai.provider.name")).isEqualTo("ollama");
    assertThat(span.attr("gen_ai.request.model")).isEqualTo("llama3.2");
    JsonNode usage = span.json("langfuse.observation.usage_details");
    assertThat(usage.path("input").asLong()).isEqualTo(26);
    assertThat(usage.path("output").asLong()).isEqualTo(4);
    assertThat(span.json("langfuse.observation.output").path("content").asText())
        .isEqualTo("Hello there!");
  }

  @Test
  void embeddingObservation() {
    ReceivedSpan span = traces.root("embedding");
    assertThat(span.name()).isEqualTo("embeddings text-embedding-3-small");
    assertThat(LangChain4jTraces.type(span)).isEqualTo("embedding");
    assertThat(span.attr("gen_ai.operation.name")).isEqualTo("embeddings");
    assertThat(span.json("langfuse.observation.usage_details").path("input").asLong(-1))
        .isGreaterThan(0);
    assertThat(span.json("langfuse.observation.input").get(0).asText())
        .isEqualTo("The quick brown fox");
  }

  @Test
  void aiServiceWithToolsIsAgent() {
    ReceivedSpan root = traces.root("ai-service-tools");
    assertThat(root.name()).isEqualTo("WeatherAssistant.chat");
    assertThat(LangChain4jTraces.type(root)).isEqualTo("agent");
    assertThat(root.json("langfuse.observation.input").asText())
        .isEqualTo("What is the weather in New York City and London?");
    assertThat(root.json("langfuse.observation.output").asText()).contains("London");
  }

  @Test
  void aiServiceChildrenInOrder() {
    List<ReceivedSpan> children = traces.children(traces.root("ai-service-tools"));
    List<String> types = children.stream().map(LangChain4jTraces::type).toList();
    assertThat(types).as(traces.tree()).containsExactly("generation", "tool", "tool", "generation");
  }

  @Test
  void toolSpansHaveArgumentsAndResults() {
    List<ReceivedSpan> tools =
        traces.children(traces.root("ai-service-tools")).stream()
            .filter(span -> "tool".equals(LangChain4jTraces.type(span)))
            .toList();
    assertThat(tools).hasSize(2);
    ReceivedSpan first = tools.get(0);
    assertThat(first.name()).isEqualTo("get_weather");
    assertThat(first.json("langfuse.observation.input").path("location").asText())
        .isEqualTo("New York City");
    assertThat(first.json("langfuse.observation.output").asText())
        .isEqualTo("25 degrees and sunny");
    assertThat(tools.get(1).json("langfuse.observation.output").asText())
        .isEqualTo("15 degrees and raining");
  }

  @Test
  void aiServiceToolsInFirstGenerationInput() {
    ReceivedSpan first = traces.children(traces.root("ai-service-tools")).get(0);
    JsonNode input = first.json("langfuse.observation.input");
    assertThat(input.path("tools").get(0).path("function").path("name").asText())
        .isEqualTo("get_weather");
    JsonNode calls = first.json("langfuse.observation.output").path("tool_calls");
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).path("function").path("name").asText()).isEqualTo("get_weather");
  }

  @Test
  void streamingAiServiceTreeWithTools() {
    ReceivedSpan root = traces.root("ai-service-stream");
    assertThat(root.name()).isEqualTo("StreamingWeatherAssistant.chat");
    assertThat(LangChain4jTraces.type(root)).isEqualTo("agent");
    assertThat(root.json("langfuse.observation.output").asText()).isNotEmpty();
    assertThat(root.endNanos()).isGreaterThanOrEqualTo(lastEnd(traces.children(root)));
    List<String> types =
        traces.children(root).stream().map(LangChain4jTraces::type).toList();
    assertThat(types)
        .as(traces.tree())
        .containsExactly("generation", "tool", "tool", "generation");
  }

  @Test
  void aiServiceWithoutToolsIsChain() {
    ReceivedSpan root = traces.root("ai-service-chain");
    assertThat(LangChain4jTraces.type(root)).isEqualTo("chain");
    assertThat(root.json("langfuse.observation.input").asText()).isEqualTo("Say this is a test");
    List<ReceivedSpan> children = traces.children(root);
    assertThat(children).hasSize(1);
    assertThat(LangChain4jTraces.type(children.get(0))).isEqualTo("generation");
  }

  @Test
  void sdkBelowLangChain4jIsTheGeneration() {
    ReceivedSpan outer = traces.root("sdk-below-langchain4j");
    assertThat(outer.name()).isEqualTo("chat gpt-4o-mini");
    assertThat(LangChain4jTraces.type(outer)).isEqualTo("span");
    assertThat(outer.attr("langfuse.observation.usage_details")).isNull();
    List<ReceivedSpan> children = traces.children(outer);
    assertThat(children).as(traces.tree()).hasSize(1);
    assertThat(LangChain4jTraces.type(children.get(0))).isEqualTo("generation");
    assertThat(children.get(0).json("langfuse.observation.usage_details").path("input").asLong())
        .isGreaterThan(0);
  }

  @Test
  void providerErrorMarksGenerationError() {
    ReceivedSpan span = traces.root("openai-error-404");
    assertThat(LangChain4jTraces.type(span)).isEqualTo("generation");
    assertThat(span.statusCode()).isEqualTo("ERROR");
    assertThat(span.attr("langfuse.observation.level")).isEqualTo("ERROR");
    assertThat(span.statusMessage()).startsWith("HTTP 404: ");
    assertThat(span.statusMessage()).contains("does not exist");
  }

  @Test
  void streamErrorEndsOnHandlerError() {
    ReceivedSpan span = traces.root("openai-stream-error-500");
    assertThat(span.attr("langfuse.observation.level")).isEqualTo("ERROR");
    assertThat(span.statusMessage()).startsWith("HTTP 500: ");
    assertThat(span.statusMessage()).contains("overloaded");
  }

  @Test
  void secretNeverLogged() {
    assertThat(withAgent.stderr()).doesNotContain(SECRET_KEY);
    assertThat(withAgent.stderr()).doesNotContain("failed on method");
  }

  @Test
  void noContentWhenCaptureOff() throws Exception {
    try (FakeLlmProvider ownProvider = startProvider();
        OtlpReceiver ownReceiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result result =
          agentJvm(ownProvider, ownReceiver)
              .env("LANGFUSE_CAPTURE_CONTENT", "false")
              .run(LangChain4jScenarioApp.class, "ai-service-tools");

      assertThat(result.exitCode()).as(result.toString()).isZero();
      List<ReceivedSpan> received = ownReceiver.awaitSpans(5, Duration.ofSeconds(20));
      for (ReceivedSpan span : received) {
        assertThat(span.attr("langfuse.observation.input")).as(span.describe()).isNull();
        assertThat(span.attr("langfuse.observation.output")).as(span.describe()).isNull();
      }
      List<ReceivedSpan> generations =
          received.stream()
              .filter(span -> "generation".equals(LangChain4jTraces.type(span)))
              .toList();
      assertThat(generations).hasSize(2);
      for (ReceivedSpan generation : generations) {
        assertThat(generation.attr("langfuse.observation.usage_details")).isNotNull();
      }
    }
  }

  @Test
  void switchedOffLeavesCallsUntraced() throws Exception {
    try (FakeLlmProvider ownProvider = startProvider();
        OtlpReceiver ownReceiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result result =
          agentJvm(ownProvider, ownReceiver)
              .env("LANGFUSE_AGENT_INSTRUMENTATION_LANGCHAIN4J_ENABLED", "false")
              .run(LangChain4jScenarioApp.class, "ai-service-chain");

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.stderr()).contains("instrumentation langchain4j is switched off");
      assertThat(ownProvider.requests()).hasSize(1);
      assertThat(ownReceiver.requests()).isEmpty();
    }
  }

  private static long lastEnd(List<ReceivedSpan> spans) {
    return spans.stream().mapToLong(ReceivedSpan::endNanos).max().orElse(0);
  }

  private static ChildJvm agentJvm(FakeLlmProvider provider, OtlpReceiver receiver) {
    return new ChildJvm()
        .env("FAKE_PROVIDER_URL", provider.baseUrl())
        .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
        .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
        .env("LANGFUSE_BASE_URL", receiver.baseUrl())
        .env("LANGFUSE_FLUSH_INTERVAL", "0.2");
  }

  static FakeLlmProvider startProvider() {
    FakeLlmProvider provider = new FakeLlmProvider().start();
    provider.enqueue(FakeResponse.json(200, OLLAMA_CHAT).forRoute("POST", "/api/chat"));
    provider.enqueue(
        FakeResponse.recording("openai/chat-error-404")
            .forRoute("POST", LangChain4jScenarioApp.ERROR_404_PATH));
    provider.enqueue(
        FakeResponse.json(
                500,
                "{\"error\":{\"message\":\"The server is overloaded\",\"type\":\"server_error\"}}")
            .forRoute("POST", LangChain4jScenarioApp.ERROR_500_PATH));
    return provider;
  }





}
