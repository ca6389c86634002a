package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.LangChain4jScenarioApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.it.support.SdkVersions;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs the OpenAI and AI Service scenarios of {@link LangChain4jScenarioApp} on LangChain4j 1.0.0,
 * the oldest supported release. The application compiled against 1.19.0 runs on 1.0.0 unchanged,
 * because every LangChain4j method these scenarios call already exists there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LangChain4jOldestVersionTest {

  private static final String PUBLIC_KEY = "pk-lf-it-langchain4j-old";
  private static final String SECRET_KEY = "sk-lf-it-langchain4j-old-secret";

  private static final String[] SCENARIOS = {
    "openai-chat",
    "openai-stream",
    "embedding",
    "ai-service-tools",
    "ai-service-chain",
    "openai-error-404",
  };

  /** Spans the scenarios export: one each, and five for the AI Service with tools. */
  private static final int EXPECTED_SPANS = 11;

  private FakeLlmProvider provider;
  private OtlpReceiver receiver;
  private ChildJvm.Result run;
  private LangChain4jTraces traces;

  @BeforeAll
  void runScenariosOnOldestVersion() throws Exception {
    provider = LangChain4jAgentTest.startProvider();
    receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start();
    run =
        new ChildJvm()
            .classPath(SdkVersions.withModule("langchain4j-1.0.0"))
            .env("FAKE_PROVIDER_URL", provider.baseUrl())
            .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
            .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
            .env("LANGFUSE_BASE_URL", receiver.baseUrl())
            .env("LANGFUSE_FLUSH_INTERVAL", "1")
            .run(LangChain4jScenarioApp.class, SCENARIOS);
    traces = LangChain4jTraces.await(receiver, EXPECTED_SPANS, SCENARIOS, run.stdout());
  }

  @AfterAll
  void stopServers() {
    provider.close();
    receiver.close();
  }

  @Test
  void appRunsNormallyOnOldest() {
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.stdout()).as(run.toString()).doesNotContain("threw ");
    assertThat(run.stderr()).doesNotContain("failed on method");
  }

  @Test
  void oneGenerationPerProviderRequest() {
    assertThat(traces.modelObservations())
        .as(traces.tree())
        .isEqualTo(provider.requests().size());
    assertThat(traces.spans()).as(traces.tree()).hasSize(EXPECTED_SPANS);
  }

  @Test
  void chatGenerationHasUsage() {
    ReceivedSpan span = traces.root("openai-chat");
    assertThat(span.name()).isEqualTo("chat gpt-4o-mini");
    assertThat(span.attr("gen_ai.provider.name")).isEqualTo("openai");
    assertThat(span.json("langfuse.observation.usage_details").path("input").asLong())
        .isGreaterThan(0);
    assertThat(span.json("langfuse.observation.model.parameters").path("temperature").asDouble())
        .isEqualTo(0.7);
  }

  @Test
  void streamHasCompletionStart() {
    ReceivedSpan span = traces.root("openai-stream");
    assertThat(LangChain4jTraces.type(span)).isEqualTo("generation");
    assertThat(span.attr("langfuse.observation.completion_start_time")).isNotNull();
  }

  @Test
  void embeddingObservation() {
    ReceivedSpan span = traces.root("embedding");
    assertThat(LangChain4jTraces.type(span)).isEqualTo("embedding");
    assertThat(span.json("langfuse.observation.usage_details").path("input").asLong())
        .isGreaterThan(0);
  }

  @Test
  void aiServiceTreeWithTools() {
    ReceivedSpan root = traces.root("ai-service-tools");
    assertThat(LangChain4jTraces.type(root)).isEqualTo("agent");
    List<String> types = traces.children(root).stream().map(LangChain4jTraces::type).toList();
    assertThat(types).as(traces.tree()).containsExactly("generation", "tool", "tool", "generation");
    ReceivedSpan tool = traces.children(root).get(1);
    assertThat(tool.json("langfuse.observation.output").asText()).isEqualTo("25 degrees and sunny");
  }

  @Test
  void aiServiceWithoutToolsIsChain() {
    assertThat(LangChain4jTraces.type(traces.root("ai-service-chain"))).isEqualTo("chain");
  }

  @Test
  void providerErrorMarksGenerationError() {
    ReceivedSpan span = traces.root("openai-error-404");
    assertThat(span.attr("langfuse.observation.level")).isEqualTo("ERROR");
    assertThat(span.statusMessage()).startsWith("HTTP 404: ");
  }




}
