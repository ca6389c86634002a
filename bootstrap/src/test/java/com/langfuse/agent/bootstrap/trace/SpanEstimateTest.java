package com.langfuse.agent.bootstrap.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpanEstimateTest {

  @Test
  void addedBytesCountBeforeEnd() {
    SpanData span = span();
    long before = span.estimatedBytes();

    span.addEstimatedBytes(1000);

    assertThat(span.estimatedBytes()).isEqualTo(before + 1000);
  }

  @Test
  void addedBytesIgnoredAfterEnd() {
    SpanData span = span();
    span.end(2);
    long atEnd = span.estimatedBytes();

    // The queue charges the estimate when the span ends, so later bytes would never be charged.
    span.addEstimatedBytes(1000);

    assertThat(span.estimatedBytes()).isEqualTo(atEnd);
  }

  @Test
  void addedBytesIgnoredWhenSampledOut() {
    SpanData span = span();
    span.markSampledOut();
    long before = span.estimatedBytes();

    span.addEstimatedBytes(1000);

    assertThat(span.estimatedBytes()).isEqualTo(before);
  }

  private static SpanData span() {
    return SpanData.forTest("0".repeat(31) + "1", "0".repeat(15) + "1", null, "chat", 1);
  }
}
