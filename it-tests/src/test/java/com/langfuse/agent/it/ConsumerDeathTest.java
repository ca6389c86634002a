package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.ConsumerDeathApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An application kills the agent's exporter thread with {@code Thread.stop()} while spans wait in
 * the queue. The agent must log and count the death, start a new thread with the next span or
 * flush, and lose nothing. The batch interval is an hour, so the killed thread is idle.
 */
class ConsumerDeathTest {

  private static final String PUBLIC_KEY = "pk-lf-it-consumer";
  private static final String SECRET_KEY = "sk-lf-it-consumer-secret";
  private static final String DEATH_LOGGED =
      "[langfuse-agent] ERROR the span exporter thread langfuse-agent-exporter failed";
  private static final String RESTART_LOGGED =
      "[langfuse-agent] INFO started a new span exporter thread to replace the one that failed";

  private FakeLlmProvider provider;
  private OtlpReceiver receiver;

  @BeforeEach
  void startServers() {
    Assumptions.assumeTrue(
        Runtime.version().feature() < 20,
        "Thread.stop() throws UnsupportedOperationException from Java 20 on");
    provider = new FakeLlmProvider().start();
    receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start();
  }

  @AfterEach
  void stopServers() {
    if (provider != null) {
      provider.close();
      receiver.close();
    }
  }

  @Test
  void nextSpanStartsNewExporter() throws Exception {
    ChildJvm.Result result = agentJvm().run(ConsumerDeathApp.class, "stop-then-chat");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout()).as(result.toString()).contains("exporter stopped: true");
    assertThat(result.stdout()).as(result.toString()).contains("exporter running again: true");
    assertThat(result.stderr()).contains(DEATH_LOGGED).contains("java.lang.ThreadDeath");
    assertThat(result.stderr()).contains(RESTART_LOGGED);
    assertThat(receiver.awaitSpans(2, Duration.ofSeconds(10))).hasSize(2);
    assertThat(result.stderr()).contains("exported=2 dropped=0").contains("; 0 spans left unsent");
  }

  @Test
  void shutdownAfterDeathDeliversQueuedSpan() throws Exception {
    ChildJvm.Result result = agentJvm().run(ConsumerDeathApp.class, "stop-then-exit");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout()).as(result.toString()).contains("exporter stopped: true");
    assertThat(result.stderr()).contains(DEATH_LOGGED);
    assertThat(result.stderr()).contains(RESTART_LOGGED);
    assertThat(receiver.awaitSpans(1, Duration.ofSeconds(10))).hasSize(1);
    assertThat(result.stderr()).contains("exported=1 dropped=0").contains("; 0 spans left unsent");
  }

  /**
   * Returns a child with a one-hour batch interval, and a shutdown timeout that leaves room for a
   * busy machine.
   */
  private ChildJvm agentJvm() {
    return new ChildJvm()
        .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
        .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
        .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
        .env("LANGFUSE_BASE_URL", receiver.baseUrl())
        .env("LANGFUSE_FLUSH_INTERVAL", "3600")
        .env("LANGFUSE_AGENT_SHUTDOWN_TIMEOUT", "30");
  }
}
