package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import com.langfuse.agent.testing.TraceTreePrinter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spans one run of {@code LangChain4jScenarioApp} exported. Each scenario starts one root, so
 * the roots, in start order, line up with the scenarios.
 */
final class LangChain4jTraces {

  private final List<ReceivedSpan> spans;
  private final Map<String, ReceivedSpan> rootByScenario = new LinkedHashMap<>();
  private final String appOutput;

  private LangChain4jTraces(List<ReceivedSpan> spans, String[] scenarios, String appOutput) {
    this.spans = spans;
    this.appOutput = appOutput;
    List<ReceivedSpan> roots =
        spans.stream()
            .filter(span -> span.parentSpanId() == null || span.parentSpanId().isEmpty())
            .toList();
    for (int i = 0; i < scenarios.length && i < roots.size(); i++) {
      rootByScenario.put(scenarios[i], roots.get(i));
    }
  }

  /**
   * Waits up to 20 seconds for {@code expected} spans and returns what arrived. Fewer spans fail
   * the tests that look for them, with the received trace tree, instead of the whole class.
   */
  static LangChain4jTraces await(
      OtlpReceiver receiver, int expected, String[] scenarios, String appOutput) {
    try {
      receiver.awaitSpans(expected, Duration.ofSeconds(20));
    } catch (AssertionError e) {
      // Reported by the tests, as described above.
    }
    List<ReceivedSpan> spans = new ArrayList<>(receiver.spans());
    spans.sort(Comparator.comparingLong(ReceivedSpan::startNanos));
    return new LangChain4jTraces(spans, scenarios, appOutput);
  }

  List<ReceivedSpan> spans() {
    return spans;
  }

  int rootCount() {
    return rootByScenario.size();
  }

  ReceivedSpan root(String scenario) {
    ReceivedSpan span = rootByScenario.get(scenario);
    assertThat(span).as("root of " + scenario + "\n" + tree()).isNotNull();
    return span;
  }

  List<ReceivedSpan> children(ReceivedSpan parent) {
    return spans.stream()
        .filter(span -> parent.spanId().equals(span.parentSpanId()))
        .sorted(Comparator.comparingLong(ReceivedSpan::startNanos))
        .toList();
  }

  /** Counts the generation and embedding observations. */
  long modelObservations() {
    return spans.stream()
        .filter(span -> "generation".equals(type(span)) || "embedding".equals(type(span)))
        .count();
  }

  /** Returns the trace tree and the application's output, for assertion messages. */
  String tree() {
    return TraceTreePrinter.format(spans) + "\nstdout:\n" + appOutput;
  }

  static String type(ReceivedSpan span) {
    Object type = span.attr("langfuse.observation.type");
    return type == null ? null : type.toString();
  }
}
