package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.ShutdownApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceiverResponse;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's JVM shutdown hook, with the packaged agent in a child JVM that makes one OpenAI SDK
 * call and exits. The batch interval is an hour, so only the shutdown hook sends the span.
 */
class ShutdownTest {

  private static final String PUBLIC_KEY = "pk-lf-it-shutdown";
  private static final String SECRET_KEY = "sk-lf-it-shutdown-secret";

  /**
   * A bound on the time from the end of main to the exit of the JVM, far above the shutdown
   * timeouts of the fault tests (10 seconds at most) and far below the export request timeout of
   * 120 seconds. It only separates a bounded shutdown from one that waits for the request, even on
   * a busy machine.
   */
  private static final long EXIT_BOUND_MILLIS = 40_000;

  /** A shutdown timeout that a healthy export never reaches, even on a busy machine. */
  private static final String AMPLE_TIMEOUT = "60";

  private FakeLlmProvider provider;
  private OtlpReceiver receiver;

  @BeforeEach
  void startServers() {
    provider = new FakeLlmProvider().start();
    receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start();
  }

  @AfterEach
  void stopServers() {
    provider.close();
    receiver.close();
  }

  @Test
  void hookDeliversQueuedSpan() throws Exception {
    ChildJvm.Result result =
        agentJvm(receiver.baseUrl(), AMPLE_TIMEOUT).run(ShutdownApp.class, "chat");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(receiver.spans()).hasSize(1);
    assertThat(stoppedLine(result)).contains("exported=1 dropped=0").endsWith("; 0 spans left unsent");
  }

  @Test
  void hangingLangfuseBoundedByTimeout() throws Exception {
    receiver.respondWith(ReceiverResponse.hang());

    // Long enough for the first, cold export to reach the receiver on a busy machine.
    ChildJvm.Result result = agentJvm(receiver.baseUrl(), "10").run(ShutdownApp.class, "chat");
    long exitedAt = System.currentTimeMillis();

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(receiver.requests()).hasSize(1);
    assertThat(stoppedLine(result))
        .contains("dropped=1 (shutdown_timeout=1)")
        .contains("; 1 spans left unsent");
    assertThat(exitedAt - mainReturnedAt(result)).isLessThan(EXIT_BOUND_MILLIS);
  }

  @Test
  void unreachableLangfuseBoundedByTimeout() throws Exception {
    ChildJvm.Result result = agentJvm(closedPortUrl(), "2").run(ShutdownApp.class, "chat");
    long exitedAt = System.currentTimeMillis();

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(stoppedLine(result))
        .contains("dropped=1 (shutdown_timeout=1)")
        .contains("; 1 spans left unsent");
    assertThat(exitedAt - mainReturnedAt(result)).isLessThan(EXIT_BOUND_MILLIS);
  }

  @Test
  void spanAfterShutdownDroppedAndFlushReturns() throws Exception {
    ChildJvm.Result result =
        agentJvm(receiver.baseUrl(), AMPLE_TIMEOUT)
            .env("AWS_LAMBDA_FUNCTION_NAME", "it-function")
            .env("LANGFUSE_AGENT_LAMBDA_FLUSH_TIMEOUT", "600")
            .jvmArgument("--add-opens=java.base/java.lang=ALL-UNNAMED")
            .run(ShutdownApp.class, "chat-after-shutdown");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(receiver.spans()).hasSize(1);
    assertThat(result.stderr())
        .contains("WARN dropped a span that ended after the agent began to shut down");
    // The call in the app's hook ends in a Lambda flush, which would wait up to 600 seconds for a
    // span that the shut-down agent never sends, unless flush returns at once after shutdown.
    assertThat(hookCallMillis(result)).isLessThan(EXIT_BOUND_MILLIS);
  }

  /** Returns a child with a one-hour batch interval and a two-minute export request timeout. */
  private ChildJvm agentJvm(String langfuseBaseUrl, String shutdownTimeoutSeconds) {
    return new ChildJvm()
        .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
        .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
        .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
        .env("LANGFUSE_BASE_URL", langfuseBaseUrl)
        .env("LANGFUSE_FLUSH_INTERVAL", "3600")
        .env("LANGFUSE_TIMEOUT", "120")
        .env("LANGFUSE_AGENT_SHUTDOWN_TIMEOUT", shutdownTimeoutSeconds);
  }

  /** Returns a loopback URL on a port that was free a moment ago, so connections are refused. */
  private static String closedPortUrl() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }

  private static String stoppedLine(ChildJvm.Result result) {
    for (String line : result.stderr().split("\n")) {
      if (line.startsWith("[langfuse-agent] INFO stopped: ")) {
        return line.strip();
      }
    }
    throw new AssertionError("no INFO stopped: line in\n" + result);
  }

  private static long mainReturnedAt(ChildJvm.Result result) {
    return numberAfter(result, "main returned at ");
  }

  private static long hookCallMillis(ChildJvm.Result result) {
    return numberAfter(result, "hook call returned ");
  }

  private static long numberAfter(ChildJvm.Result result, String prefix) {
    for (String line : result.stdout().split("\n")) {
      if (line.startsWith(prefix)) {
        return Long.parseLong(line.substring(prefix.length()).strip());
      }
    }
    throw new AssertionError("no line starting with '" + prefix + "' in\n" + result);
  }
}
