package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.BedrockScenarioApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
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
