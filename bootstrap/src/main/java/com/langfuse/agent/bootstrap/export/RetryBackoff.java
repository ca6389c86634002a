package com.langfuse.agent.bootstrap.export;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: before retry {@code n} (counted from 0) the sender waits
 * a uniformly random time between 0 and {@code min(max, initial * 2^n)}, so clients that failed
 * together do not retry together.
 */
final class RetryBackoff {

  /** The agent's policy: the first wait is at most 500 ms and no wait exceeds 30 s. */
  static final RetryBackoff DEFAULT = new RetryBackoff(500, 30_000);

  private final long initialMillis;
  private final long maxMillis;

  RetryBackoff(long initialMillis, long maxMillis) {
    if (initialMillis < 0 || maxMillis < initialMillis) {
      throw new IllegalArgumentException(
          "invalid backoff " + initialMillis + " ms to " + maxMillis + " ms");
    }
    this.initialMillis = initialMillis;
    this.maxMillis = maxMillis;
  }

  /** Returns the random wait before retry {@code retry}, in milliseconds. */
  long delayMillis(int retry) {
    return ThreadLocalRandom.current().nextLong(ceilingMillis(retry) + 1);
  }

  /** Returns the longest wait before retry {@code retry}, in milliseconds. */
  long ceilingMillis(int retry) {
    int doublings = Math.min(Math.max(retry, 0), 40);
    long ceiling = initialMillis;
    for (int i = 0; i < doublings && ceiling < maxMillis; i++) {
      ceiling *= 2;
    }
    return Math.min(ceiling, maxMillis);
  }
}
