package com.langfuse.agent.internal.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  /** Sun, 06 Nov 1994 08:49:37 GMT, the example date of RFC 9110. */
  private static final long EXAMPLE_DATE_MILLIS =
      Instant.parse("1994-11-06T08:49:37Z").toEpochMilli();

  @Test
  void deltaSecondsConvertedToMillis() {
    assertThat(RetryAfter.parseMillis("120", 0)).isEqualTo(120_000);
  }

  @Test
  void zeroSecondsIsZero() {
    assertThat(RetryAfter.parseMillis("0", 0)).isZero();
  }

  @Test
  void surroundingWhitespaceIgnored() {
    assertThat(RetryAfter.parseMillis("  7 ", 0)).isEqualTo(7_000);
  }

  @Test
  void futureDateMeasuredFromNow() {
    long now = EXAMPLE_DATE_MILLIS - 5_000;

    assertThat(RetryAfter.parseMillis("Sun, 06 Nov 1994 08:49:37 GMT", now)).isEqualTo(5_000);
  }

  @Test
  void pastDateIsZero() {
    long now = EXAMPLE_DATE_MILLIS + 60_000;

    assertThat(RetryAfter.parseMillis("Sun, 06 Nov 1994 08:49:37 GMT", now)).isZero();
  }

  @Test
  void absentHeaderIsMinusOne() {
    assertThat(RetryAfter.parseMillis(null, 0)).isEqualTo(-1);
    assertThat(RetryAfter.parseMillis("", 0)).isEqualTo(-1);
  }

  @Test
  void negativeSecondsIsMinusOne() {
    assertThat(RetryAfter.parseMillis("-5", 0)).isEqualTo(-1);
  }

  @Test
  void garbageIsMinusOne() {
    assertThat(RetryAfter.parseMillis("soon", 0)).isEqualTo(-1);
    assertThat(RetryAfter.parseMillis("1.5", 0)).isEqualTo(-1);
    assertThat(RetryAfter.parseMillis("Sunday, 06-Nov-94 08:49:37 GMT", 0)).isEqualTo(-1);
  }

  @Test
  void hugeSecondsSaturate() {
    assertThat(RetryAfter.parseMillis("99999999999999999999", 0)).isEqualTo(Long.MAX_VALUE);
  }
}
