package com.langfuse.agent.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.testing.ReceivedSpan;
import java.util.List;
import java.util.stream.Collectors;

/** Queries on received spans by name, trace and parent, for it-tests that check trace trees. */
public final class SpanTrees {

  private SpanTrees() {}

  /** Returns the one span named {@code name}, failing the test when there is none or several. */
  public static ReceivedSpan named(List<ReceivedSpan> spans, String name) {
    List<ReceivedSpan> matches =
        spans.stream().filter(span -> span.name().equals(name)).collect(Collectors.toList());
    assertThat(matches).as("spans named " + name + " among " + describe(spans)).hasSize(1);
    return matches.get(0);
  }

  /** Returns the spans of the trace of {@code root}, {@code root} included. */
  public static List<ReceivedSpan> trace(List<ReceivedSpan> spans, ReceivedSpan root) {
    return spans.stream()
        .filter(span -> span.traceId().equals(root.traceId()))
        .collect(Collectors.toList());
  }

  /** Returns the spans whose parent is {@code parent}. */
  public static List<ReceivedSpan> children(List<ReceivedSpan> spans, ReceivedSpan parent) {
    return spans.stream()
        .filter(span -> parent.spanId().equals(span.parentSpanId()))
        .collect(Collectors.toList());
  }

  /** Returns one line per span, for assertion messages. */
  public static String describe(List<ReceivedSpan> spans) {
    return spans.stream().map(ReceivedSpan::toString).collect(Collectors.joining("\n"));
  }
}
