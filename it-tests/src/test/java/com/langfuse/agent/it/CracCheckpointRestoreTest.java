package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.CracCycleApp;
import com.langfuse.agent.it.apps.CracOpenAiApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.it.support.JdkCracDouble;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import com.langfuse.agent.testing.ReceiverResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link CracCycleApp} in child JVMs with the agent, through complete checkpoint and restore
 * cycles driven by the real {@code org.crac} library (io.github.crac:org-crac).
 *
 * <p>No CRaC JDK runs here, so the CRaC implementation is the test double in {@code
 * com.langfuse.agent.it.crac}: it calls the resources in the orders CRaC uses, keeps only weak
 * references to them, and fails a checkpoint while a TCP socket of the process is open, as CRaC
 * does. {@code
 * org.crac} reaches it through {@code -Dorg.crac.Core.Compat}, the way AWS Lambda SnapStart points
 * it at the runtime's package. What the double does not do: write and restore an image, so
 * threads, clocks and the kernel's random state carry on unchanged.
 */
class CracCheckpointRestoreTest {

  private static final String PUBLIC_KEY = "pk-lf-it-public";
  private static final String SECRET_KEY = "sk-lf-it-secret-never-logged";
  private static final String COMPAT = "-Dorg.crac.Core.Compat=com.langfuse.agent.it.crac";
  private static final Pattern CREATED = Pattern.compile("created=(\\d+)");

  private OtlpReceiver receiver;

  @BeforeEach
  void startReceiver() {
    receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  @Test
  void hundredCyclesLoseNoSpan() throws Exception {
    ChildJvm.Result result = agentJvm().jvmArgument(COMPAT).run(CracCycleApp.class, "cycles", "100");

    assertDeliveredExactly(result);
    assertThat(count(result.stderr(), "INFO checkpoint \\d+: export paused")).isEqualTo(100);
    assertThat(count(result.stderr(), "INFO restore after checkpoint \\d+: export resumed"))
        .isEqualTo(100);
    Set<String> names = receiver.spans().stream().map(ReceivedSpan::name).collect(Collectors.toSet());
    for (int cycle = 1; cycle <= 100; cycle++) {
      assertThat(names).contains("cycle-" + cycle + "-during-checkpoint");
      assertThat(names).contains("cycle-" + cycle + "-app-before-checkpoint");
      assertThat(names).contains("cycle-" + cycle + "-after-2");
    }
  }

  @Test
  void openAiSdkCallsAcrossCycles() throws Exception {
    try (FakeLlmProvider provider = new FakeLlmProvider().start()) {
      ChildJvm.Result result =
          agentJvm()
              .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
              .jvmArgument(COMPAT)
              .run(CracOpenAiApp.class, "5");

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.stdout()).contains("calls=10");
      assertThat(provider.requests()).hasSize(10);
      List<ReceivedSpan> spans = receiver.spans();
      assertThat(spans).as(result.stderr()).hasSize(10);
      assertThat(spans.stream().map(ReceivedSpan::spanId).distinct().count()).isEqualTo(10);
      for (ReceivedSpan span : spans) {
        assertThat(span.attr("langfuse.observation.type")).isEqualTo("generation");
        assertThat(span.json("langfuse.observation.output").path("content").asText())
            .isEqualTo("Atlantic Ocean");
      }
      assertThat(count(result.stderr(), "INFO checkpoint \\d+: export paused")).isEqualTo(5);
      assertThat(result.stderr()).contains("dropped=0");
    }
  }

  @Test
  void unpairedRestoreIsHarmless() throws Exception {
    ChildJvm.Result result = agentJvm().jvmArgument(COMPAT).run(CracCycleApp.class, "unpaired");

    assertDeliveredExactly(result);
    assertThat(result.stdout()).contains("checkpoint failed as intended");
  }

  @Test
  void hangingReceiverBoundsCheckpoint() throws Exception {
    receiver.respondWith(ReceiverResponse.hang());
    Path signal = Files.createTempDirectory("crac-signal").resolve("request-hangs");
    ChildJvm child =
        agentJvm()
            .env("LANGFUSE_AGENT_SHUTDOWN_TIMEOUT", "1")
            .env("CRAC_SIGNAL_FILE", signal.toString())
            .jvmArgument(COMPAT);
    CompletableFuture<ChildJvm.Result> running =
        CompletableFuture.supplyAsync(() -> runChecked(child, "hanging"));

    // The app checkpoints only once its first export request is hanging at the receiver.
    receiver.awaitRequests(1, Duration.ofSeconds(90));
    Files.createFile(signal);
    ChildJvm.Result result = running.get(150, TimeUnit.SECONDS);

    assertDeliveredExactly(result);
    Matcher checkpointMillis = Pattern.compile("checkpoint-ms=(\\d+)").matcher(result.stdout());
    assertThat(checkpointMillis.find()).as(result.toString()).isTrue();
    // The deadline is 1 s; the margin covers closing the exporter and a slow, shared machine.
    assertThat(Long.parseLong(checkpointMillis.group(1))).isLessThan(4_000);
    assertThat(result.stderr()).contains("the flush did not finish within 1000 ms");
  }

  @Test
  void jdkCracOnBootClassPath() throws Exception {
    Path jdkCrac = JdkCracDouble.compile();

    ChildJvm.Result result =
        agentJvm()
            .env("LANGFUSE_DEBUG", "true")
            .jvmArgument("-Xbootclasspath/a:" + jdkCrac)
            .run(CracCycleApp.class, "cycles", "10");

    assertDeliveredExactly(result);
    assertThat(result.stderr())
        .contains("registered for checkpoint and restore through jdk.crac from the bootstrap");
    assertThat(count(result.stderr(), "INFO checkpoint \\d+: export paused")).isEqualTo(10);
  }

  /** Lambda SnapStart: the runtime sets the variable and points org.crac.Core.Compat at its package. */
  @Test
  void snapStartUsesCompatPackage() throws Exception {
    ChildJvm.Result result =
        agentJvm()
            .env("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start")
            .env("LANGFUSE_DEBUG", "true")
            .jvmArgument(COMPAT)
            .run(CracCycleApp.class, "cycles", "3");

    assertDeliveredExactly(result);
    assertThat(result.stderr())
        .contains(
            "registered for checkpoint and restore through com.langfuse.agent.it.crac from the"
                + " system class loader");
    assertThat(count(result.stderr(), "INFO checkpoint \\d+: export paused")).isEqualTo(3);
  }

  @Test
  void snapStartWithoutCracWarns() throws Exception {
    ChildJvm.Result result =
        agentJvm()
            .env("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start")
            .run(CracCycleApp.class, "plain");

    assertDeliveredExactly(result);
    assertThat(result.stderr())
        .contains("WARN AWS_LAMBDA_INITIALIZATION_TYPE=snap-start, but none of the CRaC packages");
  }

  @Test
  void plainJdkExportsWithoutCrac() throws Exception {
    ChildJvm.Result result =
        agentJvm().env("LANGFUSE_DEBUG", "true").run(CracCycleApp.class, "plain");

    assertDeliveredExactly(result);
    assertThat(result.stdout()).contains("checkpointRestore unsupported");
    assertThat(result.stderr()).contains("no CRaC implementation found");
    assertThat(result.stderr()).doesNotContain("export paused");
  }

  /**
   * Asserts a clean exit, no problem reported by the app, and that the receiver got exactly the
   * spans the app created, each span id once.
   */
  private void assertDeliveredExactly(ChildJvm.Result result) {
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout()).as(result.toString()).doesNotContain("problem:");
    Matcher created = CREATED.matcher(result.stdout());
    assertThat(created.find()).as(result.toString()).isTrue();
    int expected = Integer.parseInt(created.group(1));

    List<ReceivedSpan> spans = receiver.spans();
    Set<String> spanIds = new HashSet<>();
    for (ReceivedSpan span : spans) {
      spanIds.add(span.spanId());
    }
    assertThat(spans).as(result.stderr()).hasSize(expected);
    assertThat(spanIds).hasSize(expected);
    assertThat(receiver.violations()).isEmpty();
    assertThat(result.stderr()).contains("dropped=0");
  }

  private static ChildJvm.Result runChecked(ChildJvm child, String... arguments) {
    try {
      return child.run(CracCycleApp.class, arguments);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A child JVM with the agent sending to the receiver. The flush before a checkpoint may take up
   * to 30 s, because building the first HTTP client (it reads the JDK's trust store) takes
   * seconds on a busy machine. Requests may take 60 s, because a request that times out after
   * the receiver accepted it is sent again, and the receiver would count its spans twice.
   */
  private ChildJvm agentJvm() {
    return new ChildJvm()
        .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
        .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
        .env("LANGFUSE_BASE_URL", receiver.baseUrl())
        .env("LANGFUSE_FLUSH_INTERVAL", "0.2")
        .env("LANGFUSE_AGENT_SHUTDOWN_TIMEOUT", "30")
        .env("LANGFUSE_TIMEOUT", "60")
        .env("OTEL_SERVICE_NAME", "it-crac-app");
  }

  private static long count(String text, String regex) {
    return Pattern.compile(regex).matcher(text).results().count();
  }
}
