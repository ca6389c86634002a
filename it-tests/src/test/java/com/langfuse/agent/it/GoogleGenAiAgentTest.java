package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.GoogleGenAiScenarioApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import org.junit.jupiter.api.Test;

/** The Google Gen AI scenarios on the build's google-genai, 2.3.0. */
class GoogleGenAiAgentTest extends GoogleGenAiScenarioSuite {

  @Override
  ChildJvm childJvm() {
    return new ChildJvm();
  }

  @Test
  void switchLeavesCallsUntraced() throws Exception {
    try (FakeLlmProvider ownProvider = new FakeLlmProvider().start();
        OtlpReceiver ownReceiver = new OtlpReceiver("pk-lf-switch", "sk-lf-switch").start()) {
      ChildJvm.Result result =
          new ChildJvm()
              .env("GOOGLE_GENAI_BASE_URL", ownProvider.baseUrl())
              .env("LANGFUSE_PUBLIC_KEY", "pk-lf-switch")
              .env("LANGFUSE_SECRET_KEY", "sk-lf-switch")
              .env("LANGFUSE_BASE_URL", ownReceiver.baseUrl())
              .env("LANGFUSE_AGENT_INSTRUMENTATION_GOOGLE_GENAI_ENABLED", "false")
              .run(GoogleGenAiScenarioApp.class, "generate", "stream");

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.stderr()).contains("instrumentation google-genai is switched off");
      assertThat(ownProvider.requests()).hasSize(2);
      assertThat(ownReceiver.requests()).isEmpty();
    }
  }
}
