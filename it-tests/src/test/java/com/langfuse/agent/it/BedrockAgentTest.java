package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.BedrockScenarioApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import example.bedrock.BedrockWorkflow;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Bedrock scenarios on the SDK version the build uses (the AWS SDK BOM of the root pom), and
 * the instrumentation's switch.
 */
class BedrockAgentTest extends BedrockScenarioSuite {

  @Override
  ChildJvm childJvm() {
    return new ChildJvm();
  }

  @Override
  boolean sdkReadsCacheUsage() {
    return true;
  }

  @Test
  void agentLogsBedrockInstrumentation() {
    assertThat(withAgent.stderr()).contains("bedrock");
  }

  /**
   * The async client completes its calls on Netty and SDK threads, which the executor
   * instrumentation does not cover. The generation still starts on the calling thread, so it is the
   * child of the application's span and the only generation of its HTTP request.
   */
  @Test
  void asyncGenerationsKeepParent() throws Exception {
    String[] scenarios = {"converse-async", "converse-stream"};
    try (FakeLlmProvider ownProvider = new FakeLlmProvider().start();
        OtlpReceiver ownReceiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      BedrockResponses.enqueue(ownProvider, scenarios);
      ChildJvm.Result result =
          agentJvm(new ChildJvm(), ownProvider, ownReceiver)
              .env("LANGFUSE_TRACE_METHODS", BedrockWorkflow.class.getName() + "#step")
              .run(BedrockScenarioApp.class, scenarios);
      assertThat(result.exitCode()).as(result.toString()).isZero();

      List<ReceivedSpan> spans = ownReceiver.awaitSpans(4, Duration.ofSeconds(30));
      List<ReceivedSpan> generations =
          spans.stream()
              .filter(span -> "generation".equals(span.attr("langfuse.observation.type")))
              .collect(Collectors.toList());
      assertThat(generations).hasSize(ownProvider.requests().size());
      assertThat(generations).hasSize(2);
      for (ReceivedSpan generation : generations) {
        ReceivedSpan parent =
            spans.stream()
                .filter(span -> span.spanId().equals(generation.parentSpanId()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no parent of " + generation.describe()));
        assertThat(parent.traceId()).isEqualTo(generation.traceId());
        assertThat(parent.attr("langfuse.observation.type")).isNotEqualTo("generation");
      }
    }
  }

  @Test
  void switchLeavesCallsUntraced() throws Exception {
    try (FakeLlmProvider ownProvider = new FakeLlmProvider().start();
        OtlpReceiver ownReceiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      BedrockResponses.enqueue(ownProvider, "converse");
      ChildJvm.Result result =
          agentJvm(new ChildJvm(), ownProvider, ownReceiver)
              .env("LANGFUSE_AGENT_INSTRUMENTATION_BEDROCK_ENABLED", "false")
              .run(BedrockScenarioApp.class, "converse");

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.stderr()).contains("instrumentation bedrock is switched off");
      assertThat(ownProvider.requests()).hasSize(1);
      assertThat(ownReceiver.requests()).isEmpty();
    }
  }
}
