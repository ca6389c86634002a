package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.PrivacyScenarioApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import example.sampling.TraceLoadApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs {@link PrivacyScenarioApp} with the packaged agent at {@code LANGFUSE_SAMPLE_RATE=0}, which
 * exports nothing and counts every span as sampled out, and with an invalid rate, which is
 * reported and ignored. Runs {@link TraceLoadApp} at a rate of 0.5, whose traces span two threads,
 * to check the share of traces kept and that each is kept or left out whole.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SamplingAgentTest {

  private static final String PUBLIC_KEY = "pk-lf-sampling-it";
  private static final String SECRET_KEY = "sk-lf-sampling-it-secret";
  private static final String[] SCENARIOS = {"chat", "chat-stream", "embeddings"};

  /** Traces that TraceLoadApp runs at a rate of 0.5, each a root and two children. */
  private static final int TRACES = 1000;

  private static final int SPANS_PER_TRACE = 3;

  /**
   * Bounds on the traces kept out of {@link #TRACES} at a rate of 0.5. Each trace id is random and
   * the sampler decides from its low 56 bits, so the count kept is binomial with n = 1000 and p =
   * 0.5: mean 500, standard deviation sqrt(1000 * 0.5 * 0.5) = 15.8. The bounds are 5 standard
   * deviations (79) either side, so a correct sampler fails this test with a probability below
   * 1e-6 (normal approximation). A rate off by 0.1 keeps about 400 or 600 traces and fails it in
   * about nine runs of ten.
   */
  private static final int MIN_KEPT = 500 - 79;

  private static final int MAX_KEPT = 500 + 79;

  private static final Pattern STOP_LINE =
      Pattern.compile(
          "stopped: exported=(\\d+) dropped=(\\d+)(?: \\([^)]*\\))? sampled_out=(\\d+) ");

  private FakeLlmProvider provider;
  private OtlpReceiver receiver;
  private ChildJvm.Result rateZero;
  private OtlpReceiver halfReceiver;
  private ChildJvm.Result rateHalf;
  private List<ReceivedSpan> halfSpans;

  @BeforeAll
  void runApplication() throws Exception {
    provider = new FakeLlmProvider().start();
    receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start();
    rateZero =
        agentJvm(receiver)
            .env("LANGFUSE_SAMPLE_RATE", "0")
            .run(PrivacyScenarioApp.class, SCENARIOS);

    halfReceiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start();
    rateHalf =
        agentJvm(halfReceiver)
            .env("LANGFUSE_SAMPLE_RATE", "0.5")
            .env("LANGFUSE_TRACE_METHODS", TraceLoadApp.class.getName() + "[handle,step]")
            .env("LANGFUSE_AGENT_MAX_QUEUE_SIZE", "10000")
            // On a loaded machine the first export request can take longer than the 5 s default.
            .env("LANGFUSE_AGENT_SHUTDOWN_TIMEOUT", "60")
            .run(TraceLoadApp.class, String.valueOf(TRACES));
    // The shutdown hook flushed before the child exited, so every exported span has arrived.
    halfSpans = halfReceiver.spans();
  }

  @AfterAll
  void stopServers() {
    provider.close();
    receiver.close();
    halfReceiver.close();
  }

  @Test
  void halfRateAppRunsNormally() {
    assertThat(rateHalf.exitCode()).as(rateHalf.toString()).isZero();
    assertThat(rateHalf.stdout()).contains("ran " + TRACES + " traces");
  }

  @Test
  void halfRateKeepsHalfOfTraces() {
    long kept = traceIds(halfSpans).size();

    assertThat(kept).as(rateHalf.stderr()).isBetween((long) MIN_KEPT, (long) MAX_KEPT);
  }

  @Test
  void halfRateExportsWholeTraces() {
    Map<String, List<ReceivedSpan>> traces =
        halfSpans.stream().collect(Collectors.groupingBy(ReceivedSpan::traceId));

    for (List<ReceivedSpan> trace : traces.values()) {
      assertWholeTrace(trace);
    }
  }

  @Test
  void halfRateExportsNoOrphan() {
    Set<String> spanIds =
        halfSpans.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());

    for (ReceivedSpan span : halfSpans) {
      String parent = span.parentSpanId();
      assertThat(parent == null || parent.isEmpty() || spanIds.contains(parent))
          .as("parent of " + span + " was exported")
          .isTrue();
    }
  }

  @Test
  void halfRateStopLineMatchesExport() {
    Matcher stop = STOP_LINE.matcher(rateHalf.stderr());
    assertThat(stop.find()).as(rateHalf.stderr()).isTrue();
    long exported = Long.parseLong(stop.group(1));
    long dropped = Long.parseLong(stop.group(2));
    long sampledOut = Long.parseLong(stop.group(3));
    long kept = traceIds(halfSpans).size();

    assertThat(dropped).isZero();
    assertThat(exported).isEqualTo(halfSpans.size());
    assertThat(exported).isEqualTo(kept * SPANS_PER_TRACE);
    assertThat(sampledOut).isEqualTo((TRACES - kept) * SPANS_PER_TRACE);
    assertThat(halfReceiver.violations()).isEmpty();
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

  /** Asserts that {@code trace} is a TraceLoadApp trace: a root and its two steps. */
  private static void assertWholeTrace(List<ReceivedSpan> trace) {
    String described =
        trace.stream().map(ReceivedSpan::toString).collect(Collectors.joining("\n"));
    List<ReceivedSpan> roots =
        trace.stream()
            .filter(span -> span.parentSpanId() == null || span.parentSpanId().isEmpty())
            .collect(Collectors.toList());
    assertThat(roots).as(described).hasSize(1);
    ReceivedSpan root = roots.get(0);
    int request = root.json("langfuse.observation.input").path(0).asInt();

    assertThat(trace).as(described).hasSize(SPANS_PER_TRACE);
    assertThat(root.name()).isEqualTo("TraceLoadApp.handle");
    List<String> stepInputs =
        trace.stream()
            .filter(span -> root.spanId().equals(span.parentSpanId()))
            .map(span -> span.json("langfuse.observation.input").toString())
            .sorted()
            .collect(Collectors.toList());
    assertThat(stepInputs)
        .as(described)
        .containsExactly("[" + request + ",\"caller\"]", "[" + request + ",\"executor\"]");
  }

  private static Set<String> traceIds(List<ReceivedSpan> spans) {
    return spans.stream().map(ReceivedSpan::traceId).collect(Collectors.toSet());
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
