package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.OpenAiScenarioApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.it.support.SdkVersions;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An application on openai-java 2.0.0, older than the supported 4.0.0, with the agent attached:
 * the advice matches its service methods, but the helpers reject the version, so the calls run
 * untraced and the agent logs one DEBUG line about it. The scenarios are those whose SDK calls
 * exist in 2.0.0 and go through one service class, which the bridge reports once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAiUnsupportedSdkTest {

  private static final String[] SCENARIOS = {
    "chat-basic", "chat-stream", "chat-stream-close-early",
  };

  private FakeLlmProvider provider;
  private OtlpReceiver receiver;
  private ChildJvm.Result withAgent;
  private ChildJvm.Result withoutAgent;

  @BeforeAll
  void runScenarios() throws Exception {
    provider = new FakeLlmProvider().start();
    receiver = new OtlpReceiver("pk-lf-it-old-sdk", "sk-lf-it-old-sdk").start();
    String classPath = SdkVersions.openAi("2.0.0");
    withAgent =
        new ChildJvm()
            .classPath(classPath)
            .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
            .env("LANGFUSE_PUBLIC_KEY", "pk-lf-it-old-sdk")
            .env("LANGFUSE_SECRET_KEY", "sk-lf-it-old-sdk")
            .env("LANGFUSE_BASE_URL", receiver.baseUrl())
            .env("LANGFUSE_DEBUG", "true")
            .run(OpenAiScenarioApp.class, SCENARIOS);
    withoutAgent =
        new ChildJvm()
            .classPath(classPath)
            .withoutAgent()
            .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
            .run(OpenAiScenarioApp.class, SCENARIOS);
  }

  @AfterAll
  void stopServers() {
    provider.close();
    receiver.close();
  }

  @Test
  void appExitsNormally() {
    assertThat(withAgent.exitCode()).as(withAgent.toString()).isZero();
  }

  @Test
  void appOutputSameWithoutAgent() {
    assertThat(withAgent.stdout()).isEqualTo(withoutAgent.stdout());
  }

  @Test
  void everyCallReachedProvider() {
    assertThat(provider.requests()).hasSize(2 * SCENARIOS.length);
  }

  /** The child JVM flushed before it exited, so any span would be here already. */
  @Test
  void noSpanExported() {
    assertThat(receiver.spans()).isEmpty();
    assertThat(withAgent.stderr()).contains("INFO stopped: exported=0 dropped=0");
  }

  @Test
  void oneDebugLineReportsOff() {
    List<String> lines = agentLines(" DEBUG instrumentation ");
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).contains("is off for").contains("ChatCompletionServiceImpl");
  }

  /** The reason is in the cause of that line's exception, which DEBUG prints with its trace. */
  @Test
  void debugTraceNamesOldestVersion() {
    assertThat(withAgent.stderr())
        .contains("UnsupportedOperationException: openai-java 4.0.0 or later is required");
  }

  @Test
  void noWarningOrError() {
    assertThat(agentLines(" WARN ")).isEmpty();
    assertThat(agentLines(" ERROR ")).isEmpty();
  }

  private List<String> agentLines(String marker) {
    return withAgent
        .stderr()
        .lines()
        .filter(line -> line.startsWith("[langfuse-agent]") && line.contains(marker))
        .collect(Collectors.toList());
  }
}
