package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import com.langfuse.agent.testing.TraceTreePrinter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs a Spring AI application, an executable Spring Boot jar built under {@code
 * it-tests/sdk-versions/}, in one child JVM with the agent against a loopback provider replaying
 * recorded responses and a loopback Langfuse stand-in. {@code LANGFUSE_TRACE_METHODS} wraps each
 * scenario in a root span, so each scenario is one trace, found by the scenario name in the root
 * span's input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SpringAiScenarioSuite {

  static final String PUBLIC_KEY = "pk-lf-spring-ai";
  static final String SECRET_KEY = "sk-lf-spring-ai-never-logged";
  static final String TYPE = "langfuse.observation.type";

  static final String[] SCENARIOS = {
    "openai-client-call",
    "openai-model-options",
    "openai-client-stream",
    "openai-stream-usage",
    "openai-client-tools",
    "openai-stream-tools",
    "openai-error",
    "anthropic-client-call",
    "anthropic-client-stream",
    "openai-embedding",
  };

  FakeLlmProvider provider;
  OtlpReceiver receiver;
  ChildJvm.Result result;
  List<ReceivedSpan> spans;
  final Map<String, List<ReceivedSpan>> traces = new LinkedHashMap<>();

  /** The executable jar of the application. */
  abstract Path applicationJar();

  @BeforeAll
  void runScenarios() throws Exception {
    Path jar = applicationJar();
    assertThat(Files.isRegularFile(jar)).as("built Spring AI application at " + jar).isTrue();
    provider = new FakeLlmProvider().start();
    receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start();
    result =
        new ChildJvm()
            .env("FAKE_LLM_BASE_URL", provider.baseUrl())
            .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
            .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
            .env("LANGFUSE_BASE_URL", receiver.baseUrl())
            .env("LANGFUSE_TRACE_METHODS", "com.example.springai.ScenarioRunner#run")
            .runJar(jar, SCENARIOS);
    spans = new ArrayList<>(receiver.awaitSpans(SCENARIOS.length, Duration.ofSeconds(30)));
    for (ReceivedSpan root : spans) {
      if ("ScenarioRunner.run".equals(root.name())) {
        String input = String.valueOf(root.attr("langfuse.observation.input"));
        for (String scenario : SCENARIOS) {
          if (input.equals("[\"" + scenario + "\"]")) {
            traces.put(scenario, traceOf(root));
          }
        }
      }
    }
  }

  @AfterAll
  void stopServers() {
    provider.close();
    receiver.close();
  }

  @Test
  void appExitsNormallyWithAgent() {
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout())
        .contains("Atlantic Ocean")
        .contains("25 degrees and sunny")
        .contains("Hello")
        .contains("1536 dimensions");
    assertThat(result.stderr()).doesNotContain("[langfuse-agent] WARN");
    assertThat(result.stderr()).doesNotContain("[langfuse-agent] ERROR");
  }

  @Test
  void everyScenarioIsOneTrace() {
    assertThat(traces.keySet()).as(tree()).containsExactly(SCENARIOS);
  }

  @Test
  void oneGenerationPerProviderRequest() {
    long generations = spans.stream().filter(SpringAiScenarioSuite::isModelCall).count();
    assertThat(generations).as(tree()).isEqualTo(provider.requests().size());
    assertThat(provider.requests()).hasSize(12);
    Map<String, Integer> expected = new LinkedHashMap<>();
    for (String scenario : SCENARIOS) {
      expected.put(scenario, scenario.endsWith("-tools") ? 2 : 1);
    }
    Map<String, Integer> actual = new LinkedHashMap<>();
    traces.forEach(
        (scenario, trace) ->
            actual.put(
                scenario, (int) trace.stream().filter(SpringAiScenarioSuite::isModelCall).count()));
    assertThat(actual).as(tree()).isEqualTo(expected);
  }

  @Test
  void noGenerationUnderGeneration() {
    for (ReceivedSpan span : spans) {
      if (isModelCall(span)) {
        ReceivedSpan parent = parentOf(span);
        assertThat(parent == null ? null : parent.attr(TYPE))
            .as("parent of " + span.describe() + "\n" + tree())
            .isNotIn("generation", "embedding");
      }
    }
  }

  @Test
  void chatClientCallRecordsGeneration() {
    ReceivedSpan generation = only("openai-client-call", "generation");
    assertThat(generation.attr("gen_ai.provider.name")).isEqualTo("openai");
    assertThat(generation.attr("gen_ai.request.model")).isEqualTo("gpt-4o-mini");
    assertThat(generation.attr("gen_ai.response.model")).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(generation.json("langfuse.observation.usage_details").path("input").asLong())
        .isEqualTo(22);
    assertThat(generation.json("langfuse.observation.usage_details").path("output").asLong())
        .isEqualTo(2);
    assertThat(String.valueOf(generation.attr("gen_ai.response.finish_reasons"))).contains("stop");
    assertThat(String.valueOf(generation.attr("langfuse.observation.input")))
        .contains("Bouvet Island");
    assertThat(String.valueOf(generation.attr("langfuse.observation.output")))
        .contains("Atlantic Ocean");
  }

  @Test
  void chatClientCallIsChainParent() {
    ReceivedSpan generation = only("openai-client-call", "generation");
    ReceivedSpan chatModel = parentOf(generation);
    assertThat(chatModel.attr(TYPE)).as(tree()).isEqualTo("span");
    assertThat(chatModel.name()).isEqualTo("chat gpt-4o-mini");
    ReceivedSpan chatClient = parentOf(chatModel);
    assertThat(chatClient.attr(TYPE)).as(tree()).isEqualTo("chain");
    assertThat(String.valueOf(chatClient.attr("langfuse.observation.output")))
        .contains("Atlantic Ocean");
  }

  @Test
  void chatOptionsBecomeModelParameters() {
    ReceivedSpan generation = only("openai-model-options", "generation");
    var parameters = generation.json("langfuse.observation.model.parameters");
    assertThat(parameters.path("temperature").asDouble()).isEqualTo(0.2);
    assertThat(parameters.path("top_p").asDouble()).isEqualTo(0.9);
    long maxTokens =
        parameters.has("max_tokens")
            ? parameters.path("max_tokens").asLong()
            : parameters.path("max_completion_tokens").asLong();
    assertThat(maxTokens).as(parameters.toString()).isEqualTo(50);
  }

  @Test
  void streamRecordsTimeToFirstToken() {
    ReceivedSpan generation = only("openai-client-stream", "generation");
    assertThat(generation.attr("langfuse.observation.completion_start_time")).isNotNull();
    assertThat(String.valueOf(generation.attr("langfuse.observation.output")))
        .contains("Atlantic Ocean");
    assertThat(generation.attr("langfuse.observation.level")).isNull();
  }

  @Test
  void streamUsageRecordedWhenEnabled() {
    ReceivedSpan generation = only("openai-stream-usage", "generation");
    assertThat(generation.json("langfuse.observation.usage_details").path("input").asLong())
        .isEqualTo(22);
    assertThat(generation.json("langfuse.observation.usage_details").path("output").asLong())
        .isEqualTo(3);
    assertThat(generation.attr("langfuse.observation.completion_start_time")).isNotNull();
  }

  @Test
  void toolCallsUnderOneChainSpan() {
    List<ReceivedSpan> trace = traces.get("openai-client-tools");
    List<ReceivedSpan> chains = ofType("openai-client-tools", "chain");
    assertThat(chains).as(tree()).hasSize(1);
    List<ReceivedSpan> tools = ofType("openai-client-tools", "tool");
    assertThat(tools).extracting(ReceivedSpan::name).containsExactly("get_weather", "get_weather");
    List<ReceivedSpan> generations = ofType("openai-client-tools", "generation");
    assertThat(generations).hasSize(2);
    for (ReceivedSpan span : trace) {
      if (isModelCall(span) || "tool".equals(span.attr(TYPE))) {
        assertThat(hasAncestor(span, chains.get(0))).as(span.describe() + "\n" + tree()).isTrue();
      }
    }
    assertThat(String.valueOf(tools.get(0).attr("langfuse.observation.input")))
        .contains("New York City");
    assertThat(String.valueOf(tools.get(0).attr("langfuse.observation.output")))
        .contains("25 degrees and sunny");
    assertThat(String.valueOf(generations.get(0).attr("langfuse.observation.input")))
        .contains("get_weather");
    assertThat(String.valueOf(generations.get(1).attr("langfuse.observation.input")))
        .contains("15 degrees and raining");
  }

  @Test
  void providerErrorMarksGenerationError() {
    ReceivedSpan generation = only("openai-error", "generation");
    assertThat(generation.attr("langfuse.observation.level")).isEqualTo("ERROR");
    assertThat(generation.statusMessage()).startsWith("HTTP 404: ");
    assertThat(generation.statusMessage()).contains("no recording");
    assertThat(result.stdout()).contains("== openai-error\nthrew ");
  }

  @Test
  void anthropicCallRecordsGeneration() {
    ReceivedSpan generation = only("anthropic-client-call", "generation");
    assertThat(generation.attr("gen_ai.provider.name")).isEqualTo("anthropic");
    assertThat(generation.attr("gen_ai.response.model")).isEqualTo("claude-sonnet-4-20250514");
    assertThat(generation.json("langfuse.observation.usage_details").path("input").asLong())
        .isEqualTo(13);
    assertThat(generation.json("langfuse.observation.usage_details").path("output").asLong())
        .isEqualTo(5);
    assertThat(String.valueOf(generation.attr("gen_ai.response.finish_reasons")))
        .contains("end_turn");
  }

  @Test
  void anthropicStreamRecordsUsageAndTtft() {
    ReceivedSpan generation = only("anthropic-client-stream", "generation");
    assertThat(generation.attr("langfuse.observation.completion_start_time")).isNotNull();
    assertThat(generation.json("langfuse.observation.usage_details").path("input").asLong())
        .isEqualTo(13);
    assertThat(generation.json("langfuse.observation.usage_details").path("output").asLong())
        .isEqualTo(5);
  }

  @Test
  void embeddingRecordsModelAndUsage() {
    ReceivedSpan embedding = only("openai-embedding", "embedding");
    assertThat(embedding.attr("gen_ai.request.model")).isEqualTo("text-embedding-3-small");
    assertThat(embedding.json("langfuse.observation.usage_details").path("input").asLong())
        .isEqualTo(4);
  }

  /**
   * Spring AI runs the tools of a stream on Reactor's {@code boundedElastic} scheduler and sends
   * the next request from there, threads our executor instrumentation does not cover.
   */
  @Test
  void streamToolCallsStayInTrace() {
    List<ReceivedSpan> tools = ofType("openai-stream-tools", "tool");
    assertThat(tools).as(tree()).extracting(ReceivedSpan::name)
        .containsExactly("get_weather", "get_weather");
    List<ReceivedSpan> generations = ofType("openai-stream-tools", "generation");
    assertThat(generations).as(tree()).hasSize(2);
    for (ReceivedSpan generation : generations) {
      assertThat(generation.attr("langfuse.observation.completion_start_time")).isNotNull();
    }
    assertThat(String.valueOf(generations.get(1).attr("langfuse.observation.input")))
        .contains("15 degrees and raining");
  }

  @Test
  void receiverSawNoViolations() {
    assertThat(receiver.violations()).isEmpty();
  }

  static boolean isModelCall(ReceivedSpan span) {
    Object type = span.attr(TYPE);
    return "generation".equals(type) || "embedding".equals(type);
  }

  ReceivedSpan only(String scenario, String type) {
    List<ReceivedSpan> found = ofType(scenario, type);
    assertThat(found).as(type + " spans of " + scenario + "\n" + tree()).hasSize(1);
    return found.get(0);
  }

  List<ReceivedSpan> ofType(String scenario, String type) {
    List<ReceivedSpan> trace = traces.getOrDefault(scenario, List.of());
    List<ReceivedSpan> found = new ArrayList<>();
    for (ReceivedSpan span : trace) {
      if (type.equals(span.attr(TYPE))) {
        found.add(span);
      }
    }
    found.sort(java.util.Comparator.comparingLong(ReceivedSpan::startNanos));
    return found;
  }

  ReceivedSpan parentOf(ReceivedSpan span) {
    for (ReceivedSpan candidate : spans) {
      if (candidate.spanId().equals(span.parentSpanId())) {
        return candidate;
      }
    }
    return null;
  }

  boolean hasAncestor(ReceivedSpan span, ReceivedSpan ancestor) {
    for (ReceivedSpan parent = parentOf(span); parent != null; parent = parentOf(parent)) {
      if (parent.spanId().equals(ancestor.spanId())) {
        return true;
      }
    }
    return false;
  }

  String tree() {
    return TraceTreePrinter.format(spans);
  }

  List<ReceivedSpan> traceOf(ReceivedSpan root) {
    List<ReceivedSpan> trace = new ArrayList<>();
    for (ReceivedSpan span : spans) {
      if (span.traceId().equals(root.traceId())) {
        trace.add(span);
      }
    }
    return trace;
  }
}
