package com.langfuse.agent.instrumentation.langchain4j;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Timestamp attribute values in the form Langfuse parses. */
final class Timestamps {

  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  /** Formats {@code epochNanos} as ISO-8601 UTC with milliseconds. */
  static String isoMillis(long epochNanos) {
    return ISO_MILLIS.format(Instant.ofEpochSecond(0, epochNanos));
  }
}
