package com.langfuse.agent.internal.exporter;

import java.time.DateTimeException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Parses the HTTP {@code Retry-After} header (RFC 9110, section 10.2.3). */
final class RetryAfter {

  /** The value for an absent or unparsable header. */
  static final long ABSENT = -1;

  private RetryAfter() {}

  /**
   * Returns the delay that {@code value} requests, in milliseconds: delta-seconds such as {@code
   * 120}, or an IMF-fixdate such as {@code Sun, 06 Nov 1994 08:49:37 GMT} measured from {@code
   * nowMillis}. A date in the past gives 0. Returns {@link #ABSENT} for null, for negative numbers
   * and for anything else, including the obsolete RFC 850 and asctime date formats.
   */
  static long parseMillis(String value, long nowMillis) {
    if (value == null) {
      return ABSENT;
    }
    String text = value.trim();
    if (text.isEmpty()) {
      return ABSENT;
    }
    if (isDigits(text)) {
      return secondsToMillis(text);
    }
    try {
      long dateMillis =
          ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
              .toInstant()
              .toEpochMilli();
      return Math.max(0, dateMillis - nowMillis);
    } catch (DateTimeException e) {
      return ABSENT;
    }
  }

  private static boolean isDigits(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** Converts delta-seconds to milliseconds, saturating at Long.MAX_VALUE for absurd values. */
  private static long secondsToMillis(String digits) {
    try {
      return Math.multiplyExact(Long.parseLong(digits), 1000L);
    } catch (ArithmeticException | NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
