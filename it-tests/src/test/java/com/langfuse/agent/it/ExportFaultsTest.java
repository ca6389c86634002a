package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.LoadApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedRequest;
import com.langfuse.agent.testing.ReceivedSpan;
import com.langfuse.agent.testing.ReceiverResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Langfuse misbehaving while a real application makes OpenAI SDK calls with the agent attached:
 * down, hanging, rate limiting, failing, rejecting, and resetting connections. Each case checks
 * that every span is accounted for (exported, or dropped with a reason), that none arrives twice,
 * and that the application is unaffected. The figures of each run are written to {@code
 * target/reliability-figures.md}.
 *
 * <p>The outage and load durations are short by default so the test command stays fast; set
 * {@code -Dfaults.outageSeconds} and {@code -Dfaults.loadSeconds} for longer runs.
 */
class ExportFaultsTest {

  private static final String PUBLIC_KEY = "pk-lf-faults";
  private static final String SECRET_KEY = "sk-lf-faults-secret";
  private static final int OUTAGE_SECONDS = Integer.getInteger("faults.outageSeconds", 5);
  private static final int LOAD_SECONDS = Integer.getInteger("faults.loadSeconds", 8);
  private static final Pattern COUNT = Pattern.compile("([A-Za-z0-9_]+)=(\\d+)");
  private static final Map<String, String> FIGURES = new LinkedHashMap<>();

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

  @AfterAll
  static void writeFigures() throws IOException {
    StringBuilder table = new StringBuilder();
    table.append("| case | app calls | agent stop line | app call latency |\n");
    table.append("|---|---|---|---|\n");
    FIGURES.forEach((name, row) -> table.append("| ").append(name).append(" | ").append(row).append(" |\n"));
    Path file = Path.of("target", "reliability-figures.md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, table.toString());
  }

  @Test
  void langfuseDownThenUpDeliversEverySpanOnce() throws Exception {
    receiver.stop();
    ChildJvm.Running app =
        agent()
            .env("LANGFUSE_AGENT_MAX_RETRIES", "100")
            .env("LANGFUSE_AGENT_MAX_RETRY_TIME", String.valueOf(OUTAGE_SECONDS + 60))
            .env("LANGFUSE_AGENT_SHUTDOWN_TIMEOUT", String.valueOf(OUTAGE_SECONDS + 60))
            .start(LoadApp.class, "threads=2", "seconds=" + (OUTAGE_SECONDS + 1), "pauseMillis=5");

    // The outage counts from the agent's first refused request, however slowly the JVM started.
    app.awaitStderr("failed with a network error", Duration.ofSeconds(90));
    TimeUnit.SECONDS.sleep(OUTAGE_SECONDS);
    receiver.start();
    Run run = finish(app, "down " + OUTAGE_SECONDS + " s, then up");

    assertAccounted(run);
    assertThat(run.stop.get("retries")).as(run.result.toString()).isPositive();
    assertThat(run.stop.get("exported")).isEqualTo(run.calls);
    assertThat(receivedOnce()).hasSize((int) run.calls);
  }

  @Test
  void hungLangfuseTimesOutAndShutdownStaysBounded() throws Exception {
    for (int i = 0; i < 50; i++) {
      receiver.respondWith(ReceiverResponse.hang());
    }
    long start = System.nanoTime();
    Run run =
        run(
            agent()
                .env("LANGFUSE_TIMEOUT", "1")
                .env("LANGFUSE_AGENT_SHUTDOWN_TIMEOUT", "2")
                .env("LANGFUSE_AGENT_MAX_RETRIES", "100"),
            "hangs (accepts, never answers)",
            "calls=200",
            "threads=4");
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

    // Without the bounds the child would hang until ChildJvm kills it after two minutes.
    assertThat(seconds).as("child JVM run time in seconds").isLessThan(60);
    assertAccounted(run);
    assertThat(run.stop.get("shutdown_timeout")).isPositive();
    assertThat(run.result.stderr()).contains("spans left unsent");
  }

  @Test
  void retryAfterSecondsAndDateHonoured() throws Exception {
    receiver.respondWith(
        ReceiverResponse.status(429, "{\"message\":\"slow down\"}").withRetryAfter("2"),
        ReceiverResponse.status(429, "{\"message\":\"slow down\"}")
            .withRetryAfterDate(Duration.ofSeconds(3)));

    Run run = run(oneBatchAgent(), "429 with Retry-After", "calls=5");

    assertAccounted(run);
    assertThat(run.stop.get("exported")).as(run.result.toString()).isEqualTo(5);
    assertThat(run.stop.get("retries")).isEqualTo(2);
    List<ReceivedRequest> requests = receiver.requests();
    assertThat(requests).hasSize(3);
    assertThat(millisBetween(requests.get(0), requests.get(1))).isGreaterThanOrEqualTo(1_900);
    // An HTTP date has whole seconds, so the requested wait is between 2 and 3 seconds here.
    assertThat(millisBetween(requests.get(1), requests.get(2))).isGreaterThanOrEqualTo(1_900);
  }

  @Test
  void serverErrorsAreRetriedThenDelivered() throws Exception {
    receiver.respondWith(
        ReceiverResponse.status(500, "{}"),
        ReceiverResponse.status(502, "{}"),
        ReceiverResponse.status(503, "{}"),
        ReceiverResponse.status(504, "{}"));

    Run run = run(oneBatchAgent(), "500, 502, 503, 504, then 200", "calls=5");

    assertAccounted(run);
    assertThat(run.stop.get("exported")).as(run.result.toString()).isEqualTo(5);
    assertThat(run.stop.get("retries")).isEqualTo(4);
    assertThat(run.stop.get("failed_requests")).isEqualTo(4);
    assertThat(receivedOnce()).hasSize(5);
  }

  @Test
  void retryLimitDropsWithReason() throws Exception {
    for (int i = 0; i < 3; i++) {
      receiver.respondWith(ReceiverResponse.status(503, "{}"));
    }

    Run run =
        run(
            oneBatchAgent().env("LANGFUSE_AGENT_MAX_RETRIES", "2"),
            "503 three times, 2 retries allowed",
            "calls=5");

    assertAccounted(run);
    assertThat(run.stop.get("retries_exhausted")).as(run.result.toString()).isEqualTo(5);
    assertThat(run.result.stderr()).contains("LANGFUSE_AGENT_MAX_RETRIES=2");
    assertThat(receiver.requests()).hasSize(3);
  }

  @Test
  void rejectedRequestIsLoggedAndLaterBatchesFlow() throws Exception {
    receiver.respondWith(ReceiverResponse.status(400, "{\"message\":\"Invalid span: bad id\"}"));

    Run run =
        run(
            agent().env("LANGFUSE_FLUSH_AT", "5"),
            "400 on the first request",
            "calls=20",
            "pauseMillis=20");

    assertAccounted(run);
    assertThat(run.stop.get("rejected")).isPositive();
    assertThat(run.stop.get("exported")).isPositive();
    assertThat(run.stop.get("retries")).isZero();
    assertThat(run.result.stderr()).contains("HTTP 400").contains("Invalid span: bad id");
    assertThat(receiver.requests().stream().filter(r -> r.status() == 400)).hasSize(1);
  }

  @Test
  void unauthorizedLogsOneErrorAndNeverRetries() throws Exception {
    Run run =
        run(
            agent().env("LANGFUSE_SECRET_KEY", "sk-lf-wrong-secret").env("LANGFUSE_FLUSH_AT", "2"),
            "401 on every request",
            "calls=10",
            "pauseMillis=50");

    assertAccounted(run);
    assertThat(run.stop.get("unauthorized")).isEqualTo(10);
    assertThat(run.stop.get("retries")).isZero();
    assertThat(run.stop.get("failed_requests")).isEqualTo(receiver.requests().size());
    List<String> errors = agentLines(run.result, "ERROR");
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0)).contains("LANGFUSE_PUBLIC_KEY").contains("LANGFUSE_SECRET_KEY");
  }

  @Test
  void largeBatchIsSplitUnderTheRequestLimit() throws Exception {
    Run run =
        run(
            oneBatchAgent().env("LANGFUSE_TIMEOUT", "30"),
            "8 spans of 700 KB in one batch",
            "calls=8",
            "promptBytes=700000");

    assertAccounted(run);
    assertThat(run.stop.get("exported")).as(run.result.toString()).isEqualTo(8);
    List<ReceivedRequest> requests = receiver.requests();
    assertThat(requests.size()).isGreaterThanOrEqualTo(2);
    assertThat(requests).allSatisfy(r -> assertThat(r.decodedBodyBytes()).isLessThanOrEqualTo(3_000_000));
    assertThat(receiver.violations()).isEmpty();
  }

  @Test
  void connectionResetInTheMiddleIsRetried() throws Exception {
    receiver.respondWith(ReceiverResponse.closeConnection(), ReceiverResponse.closeConnection());

    Run run = run(oneBatchAgent(), "connection reset twice", "calls=5");

    assertAccounted(run);
    assertThat(run.stop.get("exported")).as(run.result.toString()).isEqualTo(5);
    assertThat(run.stop.get("retries")).isEqualTo(2);
    assertThat(receivedOnce()).hasSize(5);
  }

  @Test
  void slowServerDeliversOnceWithoutRetry() throws Exception {
    receiver.delayBodyReads(Duration.ofSeconds(2));

    Run run =
        run(
            agent().env("LANGFUSE_TIMEOUT", "10").env("LANGFUSE_AGENT_SHUTDOWN_TIMEOUT", "30"),
            "server reads each body after 2 s",
            "calls=20",
            "threads=2");

    assertAccounted(run);
    assertThat(run.stop.get("exported")).as(run.result.toString()).isEqualTo(20);
    assertThat(run.stop.get("retries")).isZero();
    assertThat(receivedOnce()).hasSize(20);
  }

  @Test
  void sixtyFourThreadsAreAllAccountedFor() throws Exception {
    Run run =
        run(
            agent(),
            "64 threads for " + LOAD_SECONDS + " s",
            "threads=64",
            "seconds=" + LOAD_SECONDS);

    assertAccounted(run);
    assertThat(run.calls).isPositive();
    assertThat(run.stop.get("exported")).isEqualTo(receivedOnce().size());
  }

  /**
   * Returns an agent that sends all spans in one batch from its shutdown flush, with time for retries,
   * so the canned responses meet the batch in a known order.
   */
  private ChildJvm oneBatchAgent() {
    return agent()
        .env("LANGFUSE_FLUSH_AT", "100")
        .env("LANGFUSE_FLUSH_INTERVAL", "60")
        .env("LANGFUSE_AGENT_SHUTDOWN_TIMEOUT", "40");
  }

  private ChildJvm agent() {
    return new ChildJvm()
        .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
        .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
        .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
        .env("LANGFUSE_BASE_URL", receiver.baseUrl())
        .env("LANGFUSE_FLUSH_INTERVAL", "0.2")
        .env("LANGFUSE_AGENT_MAX_QUEUE_SIZE", "100000");
  }

  private Run run(ChildJvm jvm, String caseName, String... arguments) throws Exception {
    return finish(jvm.start(LoadApp.class, arguments), caseName);
  }

  private Run finish(ChildJvm.Running app, String caseName) throws Exception {
    ChildJvm.Result result = app.waitFor();
    assertThat(result.exitCode()).as(result.toString()).isZero();
    Run run = new Run(result);
    FIGURES.put(caseName, run.figures());
    return run;
  }

  /** Checks that the agent counted every call's span as exported or dropped, and no call failed. */
  private static void assertAccounted(Run run) {
    assertThat(run.errors).as("calls that failed in the app\n" + run.result).isZero();
    assertThat(run.stop.get("exported") + run.stop.get("dropped"))
        .as("exported + dropped spans, against the calls made\n" + run.result)
        .isEqualTo(run.calls);
  }

  /** Returns the received spans, checking that no span id arrived twice. */
  private List<ReceivedSpan> receivedOnce() {
    List<ReceivedSpan> spans = receiver.spans();
    Set<String> ids = new HashSet<>();
    for (ReceivedSpan span : spans) {
      assertThat(ids.add(span.spanId())).as("span %s arrived twice", span.spanId()).isTrue();
    }
    return spans;
  }

  private static long millisBetween(ReceivedRequest first, ReceivedRequest second) {
    return TimeUnit.NANOSECONDS.toMillis(second.receivedNanos() - first.receivedNanos());
  }

  private static List<String> agentLines(ChildJvm.Result result, String level) {
    List<String> lines = new ArrayList<>();
    for (String line : result.stderr().split("\n")) {
      if (line.startsWith("[langfuse-agent] " + level)) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** What one child run printed: the app's call figures and the agent's stop line counts. */
  private static final class Run {
    final ChildJvm.Result result;
    final String appLine;
    final String stopLine;
    final Map<String, Long> app;
    final Map<String, Long> stop;
    final long calls;
    final long errors;

    Run(ChildJvm.Result result) {
      this.result = result;
      this.appLine = lastLineStartingWith(result.stdout(), "calls=");
      this.stopLine = lastLineStartingWith(result.stderr(), "[langfuse-agent] INFO stopped:");
      this.app = counts(appLine);
      this.stop = counts(stopLine);
      this.calls = app.get("calls");
      this.errors = app.get("errors");
    }

    String figures() {
      return calls
          + " | "
          + stopLine.substring(stopLine.indexOf("stopped:") + "stopped:".length()).trim()
          + " | p50 "
          + app.get("p50Micros")
          + " us, p99 "
          + app.get("p99Micros")
          + " us, max "
          + app.get("maxMicros")
          + " us";
    }

    private static String lastLineStartingWith(String output, String prefix) {
      String found = null;
      for (String line : output.split("\n")) {
        if (line.startsWith(prefix)) {
          found = line;
        }
      }
      if (found == null) {
        throw new AssertionError("no line starting with '" + prefix + "' in:\n" + output);
      }
      return found;
    }

    /** Reads every {@code name=number} pair; a name that is absent counts as 0. */
    private static Map<String, Long> counts(String line) {
      Map<String, Long> counts =
          new LinkedHashMap<>() {
            @Override
            public Long get(Object key) {
              return getOrDefault(key, 0L);
            }
          };
      Matcher matcher = COUNT.matcher(line);
      while (matcher.find()) {
        counts.put(matcher.group(1), Long.parseLong(matcher.group(2)));
      }
      return counts;
    }
  }
}
