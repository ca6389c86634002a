package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.langfuse.agent.it.apps.LangChain4jScenarioApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.FakeResponse;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import com.langfuse.agent.testing.TraceTreePrinter;
import java.time.Duration;
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
  private static final int EXPECTED_SPANS = 17;

  private FakeLlmProvider provider;
  private OtlpReceiver receiver;
  private ChildJvm.Result withAgent;
  private List<ReceivedSpan> spans;
  private final Map<String, ReceivedSpan> rootByScenario = new LinkedHashMap<>();

  @BeforeAll
  void runScenariosWithAgent() throws Exception {
    provider = startProvider();
    receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start();
    withAgent =
        new ChildJvm()
            .env("FAKE_PROVIDER_URL", provider.baseUrl())
            .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
            .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
            .env("LANGFUSE_BASE_URL", receiver.baseUrl())
            .env("LANGFUSE_FLUSH_INTERVAL", "1")
            .run(LangChain4jScenarioApp.class, LangChain4jScenarioApp.SCENARIOS);

    try {
      receiver.awaitSpans(EXPECTED_SPANS, Duration.ofSeconds(20));
    } catch (AssertionError e) {
      // The tests below report what is missing, with the received trace tree.
    }
    spans = new ArrayList<>(receiver.spans());
    spans.sort(Comparator.comparingLong(ReceivedSpan::startNanos));
    List<ReceivedSpan> roots =
        spans.stream()
            .filter(span -> span.parentSpanId() == null || span.parentSpanId().isEmpty())
            .collect(Collectors.toList());
    String[] scenarios = LangChain4jScenarioApp.SCENARIOS;
    for (int i = 0; i < scenarios.length && i < roots.size(); i++) {
      rootByScenario.put(scenarios[i], roots.get(i));
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
    long observations =
        spans.stream()
            .filter(span -> isGeneration(span) || "embedding".equals(type(span)))
            .count();
    assertThat(observations).as(tree()).isEqualTo(provider.requests().size());
    assertThat(spans).as(tree()).hasSize(EXPECTED_SPANS);
    assertThat(receiver.violations()).isEmpty();
  }

  @Test
  void everyScenarioHasOneRoot() {
    assertThat(rootByScenario).as(tree()).hasSize(LangChain4jScenarioApp.SCENARIOS.length);
  }

  @Test
  void openAiChatGeneration() {
    ReceivedSpan span = root("openai-chat");
    assertThat(span.name()).isEqualTo("chat gpt-4o-mini");
    assertThat(type(span)).isEqualTo("generation");
    assertThat(span.attr("gen_ai.operation.name")).isEqualTo("chat");
    assertThat(span.attr("gen_ai.provider.name")).isEqualTo("openai");
    assertThat(span.attr("gen_ai.request.model")).isEqualTo("gpt-4o-mini");
    assertThat(span.attr("gen_ai.response.model")).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(span.attr("gen_ai.response.id")).asString().startsWith("chatcmpl-");
    assertThat(span.attr("gen_ai.response.finish_reasons").toString()).contains("stop");
  }

  @Test
  void openAiChatParameters() {
    JsonNode parameters = root("openai-chat").json("langfuse.observation.model.parameters");
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
    ReceivedSpan span = root("openai-chat");
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
    JsonNode usage = root("openai-chat").json("langfuse.observation.usage_details");
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
    ReceivedSpan span = root("openai-stream");
    assertThat(type(span)).isEqualTo("generation");
    assertThat(span.attr("langfuse.observation.completion_start_time"))
        .asString()
        .matches(ISO_MILLIS);
    assertThat(span.json("langfuse.observation.output").path("content").asText()).isNotEmpty();
    assertThat(span.json("langfuse.observation.model.parameters").path("temperature").asDouble())
        .isEqualTo(0.5);
  }

  @Test
  void anthropicChatGeneration() {
    ReceivedSpan span = root("anthropic-chat");
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
    ReceivedSpan span = root("anthropic-stream");
    assertThat(type(span)).isEqualTo("generation");
    assertThat(span.attr("gen_ai.provider.name")).isEqualTo("anthropic");
    assertThat(span.attr("langfuse.observation.completion_start_time"))
        .asString()
        .matches(ISO_MILLIS);
    assertThat(span.json("langfuse.observation.usage_details").path("output").asLong(-1))
        .isGreaterThan(0);
  }

  @Test
  void geminiChatGeneration() {
    ReceivedSpan span = root("gemini-chat");
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
    ReceivedSpan span = root("gemini-stream");
    assertThat(type(span)).isEqualTo("generation");
    assertThat(span.attr("langfuse.observation.completion_start_time"))
        .asString()
        .matches(ISO_MILLIS);
  }

  @Test
  void ollamaChatGeneration() {
    ReceivedSpan span = root("ollama-chat");
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
    ReceivedSpan span = root("embedding");
    assertThat(span.name()).isEqualTo("embeddings text-embedding-3-small");
    assertThat(type(span)).isEqualTo("embedding");
    assertThat(span.attr("gen_ai.operation.name")).isEqualTo("embeddings");
    assertThat(span.json("langfuse.observation.usage_details").path("input").asLong(-1))
        .isGreaterThan(0);
    assertThat(span.json("langfuse.observation.input").get(0).asText())
        .isEqualTo("The quick brown fox");
  }

  @Test
  void aiServiceWithToolsIsAgent() {
    ReceivedSpan root = root("ai-service-tools");
    assertThat(root.name()).isEqualTo("WeatherAssistant.chat");
    assertThat(type(root)).isEqualTo("agent");
    assertThat(root.json("langfuse.observation.input").asText())
        .isEqualTo("What is the weather in New York City and London?");
    assertThat(root.json("langfuse.observation.output").asText()).contains("London");
  }

  @Test
  void aiServiceChildrenInOrder() {
    List<ReceivedSpan> children = children(root("ai-service-tools"));
    List<String> types = children.stream().map(LangChain4jAgentTest::type).toList();
    assertThat(types).as(tree()).containsExactly("generation", "tool", "tool", "generation");
  }

  @Test
  void toolSpansHaveArgumentsAndResults() {
    List<ReceivedSpan> tools =
        children(root("ai-service-tools")).stream()
            .filter(span -> "tool".equals(type(span)))
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
    ReceivedSpan first = children(root("ai-service-tools")).get(0);
    JsonNode input = first.json("langfuse.observation.input");
    assertThat(input.path("tools").get(0).path("function").path("name").asText())
        .isEqualTo("get_weather");
    JsonNode calls = first.json("langfuse.observation.output").path("tool_calls");
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).path("function").path("name").asText()).isEqualTo("get_weather");
  }

  @Test
  void aiServiceWithoutToolsIsChain() {
    ReceivedSpan root = root("ai-service-chain");
    assertThat(type(root)).isEqualTo("chain");
    assertThat(root.json("langfuse.observation.input").asText()).isEqualTo("Say this is a test");
    List<ReceivedSpan> children = children(root);
    assertThat(children).hasSize(1);
    assertThat(type(children.get(0))).isEqualTo("generation");
  }

  @Test
  void providerErrorMarksGenerationError() {
    ReceivedSpan span = root("openai-error-404");
    assertThat(type(span)).isEqualTo("generation");
    assertThat(span.statusCode()).isEqualTo("ERROR");
    assertThat(span.attr("langfuse.observation.level")).isEqualTo("ERROR");
    assertThat(span.statusMessage()).startsWith("HTTP 404: ");
    assertThat(span.statusMessage()).contains("does not exist");
  }

  @Test
  void streamErrorEndsOnHandlerError() {
    ReceivedSpan span = root("openai-stream-error-500");
    assertThat(span.attr("langfuse.observation.level")).isEqualTo("ERROR");
    assertThat(span.statusMessage()).startsWith("HTTP 500: ");
    assertThat(span.statusMessage()).contains("overloaded");
  }

  @Test
  void secretNeverLogged() {
    assertThat(withAgent.stderr()).doesNotContain(SECRET_KEY);
    assertThat(withAgent.stderr()).doesNotContain("failed on method");
  }

  private static FakeLlmProvider startProvider() {
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

  private ReceivedSpan root(String scenario) {
    ReceivedSpan span = rootByScenario.get(scenario);
    assertThat(span).as("root of " + scenario + "\n" + tree()).isNotNull();
    return span;
  }

  private List<ReceivedSpan> children(ReceivedSpan parent) {
    return spans.stream()
        .filter(span -> parent.spanId().equals(span.parentSpanId()))
        .sorted(Comparator.comparingLong(ReceivedSpan::startNanos))
        .toList();
  }

  private String tree() {
    return TraceTreePrinter.format(spans) + "\nstdout:\n" + withAgent.stdout();
  }

  private static boolean isGeneration(ReceivedSpan span) {
    return "generation".equals(type(span));
  }

  private static String type(ReceivedSpan span) {
    Object type = span.attr("langfuse.observation.type");
    return type == null ? null : type.toString();
  }
}
