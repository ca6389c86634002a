package com.langfuse.agent.bootstrap.privacy;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One compiled masking pattern and where it came from, such as {@code LANGFUSE_MASK_PATTERNS line
 * 2} or {@code built-in email}. Log lines name the origin, never the pattern, because a pattern may
 * spell out the secret it masks.
 */
public final class MaskPattern {

  private final Pattern pattern;
  private final String origin;
  private final List<String> hints;

  /** Creates a pattern that is tried on every value. */
  public MaskPattern(Pattern pattern, String origin) {
    this(pattern, origin, List.of());
  }

  /**
   * Creates a pattern that is tried only on values containing one of {@code hints}. Every match of
   * the pattern contains a hint, so skipping the other values loses nothing and saves a regular
   * expression scan of each of them.
   */
  MaskPattern(Pattern pattern, String origin, List<String> hints) {
    this.pattern = pattern;
    this.origin = origin;
    this.hints = List.copyOf(hints);
  }

  public Pattern pattern() {
    return pattern;
  }

  public String origin() {
    return origin;
  }

  /** Returns whether {@code text} may contain a match: it contains a hint, or there are none. */
  boolean mayMatch(String text) {
    if (hints.isEmpty()) {
      return true;
    }
    for (String hint : hints) {
      if (text.contains(hint)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return origin;
  }
}
