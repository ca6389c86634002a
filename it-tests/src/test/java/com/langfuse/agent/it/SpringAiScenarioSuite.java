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
  void printTrees() {
    System.out.println(result);
    System.out.println(TraceTreePrinter.format(spans));
    for (ReceivedSpan span : spans) {
      System.out.println(span.describe());
    }
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
