package com.langfuse.agent.bootstrap.privacy;

import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.trace.ContentCapture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Prepares string attribute values for export, on the exporter thread: replaces base64 data URIs
 * with a placeholder, applies the masking patterns to content, metadata and status messages (see
 * {@link ContentCapture#isMasked}), and truncates a value longer than the field size cap, in that
 * order.
 *
 * <p>Masking runs before truncation, so a secret that straddles the cut is still masked. Each
 * pattern gets a budget of character reads per value; a pattern that exceeds it (a pattern that
 * backtracks badly) replaces the whole value with a placeholder, because an unmasked value must
 * not leave the process. Thread-safe: compiled patterns are shared and matchers are per call.
 */
public final class ContentSanitizer {

  /** What a masked match is replaced with. */
  public static final String MASK = "[REDACTED]";

  /** Leaves every value as it is; for exporter tests. */
  public static final ContentSanitizer NONE = new ContentSanitizer(List.of(), Integer.MAX_VALUE);

  /**
   * Character reads a pattern may make per character of the value, plus a fixed allowance. The
   * built-in patterns read each character a few times and at most about 64 times (an email's local
   * part), so only a pattern with runaway backtracking reaches it.
   */
  static final long READS_PER_CHAR = 256;

  static final long BASE_READS = 100_000;

  private final List<MaskPattern> patterns;
  private final int maxFieldBytes;

  /**
   * Creates a sanitizer that masks with {@code patterns} and caps each value at {@code
   * maxFieldBytes} bytes of UTF-8.
   */
  public ContentSanitizer(List<MaskPattern> patterns, int maxFieldBytes) {
    this.patterns = List.copyOf(patterns);
    this.maxFieldBytes = maxFieldBytes;
  }

  /** Returns {@code value} of attribute {@code key} as it may be exported. */
  public String sanitize(String key, String value) {
    if (value == null || value.isEmpty()) {
      return value;
    }
    String result = DataUris.replace(value);
    if (!patterns.isEmpty() && ContentCapture.isMasked(key)) {
      result = mask(key, result);
    }
    return truncate(result, maxFieldBytes);
  }

  private String mask(String key, String value) {
    String current = value;
    for (MaskPattern pattern : patterns) {
      if (!pattern.mayMatch(current)) {
        continue;
      }
      BudgetedText text = new BudgetedText(current, BASE_READS + READS_PER_CHAR * current.length());
      try {
        Matcher matcher = pattern.pattern().matcher(text);
        current = matcher.replaceAll(MASK);
      } catch (BudgetExceededException e) {
        AgentLog.rateLimited(
            AgentLog.Level.WARN,
            "mask-budget-" + pattern.origin(),
            "masking pattern "
                + pattern.origin()
                + " took too many steps on attribute "
                + key
                + " ("
                + value.length()
                + " characters), so the whole value was replaced: simplify the pattern, for"
                + " example avoid nested or repeated wildcards such as (.*a){12}");
        return "[REDACTED: masking pattern "
            + pattern.origin()
            + " did not finish on "
            + value.length()
            + " characters]";
      }
    }
    return current;
  }

  /**
   * Returns {@code value} cut to at most {@code maxBytes} bytes of UTF-8, including a marker that
   * gives the original size, or {@code value} itself when it fits. Never splits a surrogate pair.
   */
  static String truncate(String value, int maxBytes) {
    // A char is at most 3 bytes of UTF-8, and a surrogate pair of 2 chars is 4.
    if ((long) value.length() * 3 <= maxBytes) {
      return value;
    }
    long bytes = utf8Length(value);
    if (bytes <= maxBytes) {
      return value;
    }
    String marker = "...[truncated by langfuse-agent: " + bytes + " bytes in total]";
    int end = prefixLength(value, Math.max(0, maxBytes - marker.length()));
    return value.substring(0, end) + marker;
  }

  static long utf8Length(String value) {
    long bytes = 0;
    int length = value.length();
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        // Includes a lone surrogate, which the exporter writes as U+FFFD: 3 bytes.
        bytes += 3;
      }
    }
    return bytes;
  }

  /** Returns the number of chars of the longest prefix within {@code maxBytes} of UTF-8. */
  private static int prefixLength(String value, int maxBytes) {
    long bytes = 0;
    int i = 0;
    while (i < value.length()) {
      char c = value.charAt(i);
      int chars = 1;
      int size;
      if (c < 0x80) {
        size = 1;
      } else if (c < 0x800) {
        size = 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        size = 4;
        chars = 2;
      } else {
        size = 3;
      }
      if (bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      i += chars;
    }
    return i;
  }

  /** A string whose character reads are counted, so that a runaway match can be stopped. */
  private static final class BudgetedText implements CharSequence {
    private final String text;
    private long readsLeft;

    BudgetedText(String text, long budget) {
      this.text = text;
      this.readsLeft = budget;
    }

    @Override
    public char charAt(int index) {
      if (--readsLeft < 0) {
        throw BudgetExceededException.INSTANCE;
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** Thrown from {@link BudgetedText#charAt}; preallocated and without a stack trace. */
  private static final class BudgetExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final BudgetExceededException INSTANCE = new BudgetExceededException();

    private BudgetExceededException() {
      super("masking budget exceeded", null, false, false);
    }
  }
}
