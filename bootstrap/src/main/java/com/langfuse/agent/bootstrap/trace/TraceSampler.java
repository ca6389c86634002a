package com.langfuse.agent.bootstrap.trace;

/**
 * Decides whether a trace is exported ({@code LANGFUSE_SAMPLE_RATE}), from its trace id alone.
 *
 * <p>The decision follows OpenTelemetry's consistent probability sampling: the low 56 bits of the
 * trace id (its last 14 hex characters) are the randomness R, and a trace is sampled when R is at
 * least the rejection threshold T = (1 - rate) * 2^56. Every process that decides for the same trace
 * id at the same rate gets the same result, so a trace that crosses processes is kept or dropped whole, and
 * a trace kept at a rate is also kept at every higher rate.
 */
public final class TraceSampler {

  /** Samples every trace. */
  public static final TraceSampler ALWAYS = new TraceSampler(1.0);

  private static final long RANDOMNESS_RANGE = 1L << 56;
  private static final int RANDOMNESS_HEX_DIGITS = 14;

  private final double rate;
  private final long threshold;

  /** Creates a sampler for {@code rate}, which is clamped to [0, 1]; NaN counts as 1. */
  public TraceSampler(double rate) {
    double clamped = Double.isNaN(rate) ? 1.0 : Math.max(0.0, Math.min(1.0, rate));
    this.rate = clamped;
    this.threshold = RANDOMNESS_RANGE - Math.round(clamped * RANDOMNESS_RANGE);
  }

  public double rate() {
    return rate;
  }

  /**
   * Returns whether the trace {@code traceId} is sampled. An id that is not 32 hex characters is
   * sampled, because it cannot be decided consistently and the exporter rejects it anyway.
   */
  public boolean isSampled(String traceId) {
    if (threshold == 0) {
      return true;
    }
    long randomness = randomness(traceId);
    return randomness < 0 || randomness >= threshold;
  }

  /** Returns the low 56 bits of {@code traceId}, or -1 when it is not 32 hex characters. */
  static long randomness(String traceId) {
    if (traceId == null || traceId.length() != 32) {
      return -1;
    }
    long value = 0;
    for (int i = 32 - RANDOMNESS_HEX_DIGITS; i < 32; i++) {
      int digit = Character.digit(traceId.charAt(i), 16);
      if (digit < 0) {
        return -1;
      }
      value = (value << 4) | digit;
    }
    return value;
  }
}
