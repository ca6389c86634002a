package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.PrivacyScenarioApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs {@link PrivacyScenarioApp} with the packaged agent at {@code LANGFUSE_SAMPLE_RATE=0}, which
 * exports nothing and counts every span as sampled out, and with an invalid rate, which is
 * reported and ignored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SamplingAgentTest {

  private static final String PUBLIC_KEY = "pk-lf-sampling-it";
  private static final String SECRET_KEY = "sk-lf-sampling-it-secret";
  private static final String[] SCENARIOS = {"chat", "chat-stream", "embeddings"};

  private FakeLlmProvider provider;
  private OtlpReceiver receiver;
  private ChildJvm.Result rateZero;

  @BeforeAll
  void runApplication() throws Exception {
    provider = new FakeLlmProvider().start();
    receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start();
    rateZero =
        agentJvm(receiver)
            .env("LANGFUSE_SAMPLE_RATE", "0")
            .run(PrivacyScenarioApp.class, SCENARIOS);
  }

  @AfterAll
  void stopServers() {
    provider.close();
    receiver.close();
  }

  @Test
  void rateZeroAppRunsNormally() {
    assertThat(rateZero.exitCode()).as(rateZero.toString()).isZero();
    assertThat(provider.requests()).hasSizeGreaterThanOrEqualTo(SCENARIOS.length);
  }

  @Test
  void rateZeroExportsNothing() {
    assertThat(receiver.requests()).isEmpty();
    assertThat(receiver.spans()).isEmpty();
  }

  @Test
  void rateZeroCountsSampledOut() {
    assertThat(rateZero.stderr())
        .contains("stopped: exported=0 dropped=0 sampled_out=" + SCENARIOS.length + " ");
  }

  @Test
  void invalidRateWarnsAndExportsAll() throws Exception {
    try (OtlpReceiver own = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result result =
          agentJvm(own).env("LANGFUSE_SAMPLE_RATE", "1.5").run(PrivacyScenarioApp.class, "chat");

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.stderr())
          .contains(
              "WARN LANGFUSE_SAMPLE_RATE=1.5 is invalid: use a number from 0 to 1; using the"
                  + " default 1.0");
      assertThat(own.awaitSpans(1, Duration.ofSeconds(30))).hasSize(1);
      assertThat(result.stderr()).contains("stopped: exported=1 dropped=0 sampled_out=0 ");
    }
  }

  private ChildJvm agentJvm(OtlpReceiver target) {
    return new ChildJvm()
        .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
        .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
        .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
        .env("LANGFUSE_BASE_URL", target.baseUrl())
        .env("LANGFUSE_FLUSH_INTERVAL", "0.2");
  }
}
