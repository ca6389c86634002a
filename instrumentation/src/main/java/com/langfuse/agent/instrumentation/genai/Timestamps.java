package com.langfuse.agent.instrumentation.genai;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Timestamp attribute values in the form Langfuse parses. */
public final class Timestamps {

  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  /**
   * Formats {@code epochNanos} as ISO-8601 UTC with three fraction digits, such as {@code
   * 2026-12-04T10:00:00.123Z}.
   */
  public static String isoMillis(long epochNanos) {
    Instant instant =
        Instant.ofEpochSecond(
            Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    return ISO_MILLIS.format(instant);
  }
}
