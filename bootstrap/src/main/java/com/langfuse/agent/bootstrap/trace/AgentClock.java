package com.langfuse.agent.bootstrap.trace;

/**
 * Wall-clock timestamps in nanoseconds since the epoch, derived from one wall-clock anchor plus
 * {@link System#nanoTime()}, so that the duration of a span never depends on wall-clock steps
 * taken while it runs.
 *
 * <p>After a checkpoint is restored the wall clock jumps while monotonic time may continue from
 * the snapshot, so the lifecycle code calls {@link #reanchor()} then.
 */
public final class AgentClock {

  private static volatile Anchor anchor = Anchor.now();

  private AgentClock() {}

  /** Returns the current time in nanoseconds since the epoch. */
  public static long nowEpochNanos() {
    Anchor a = anchor;
    return a.epochNanos + (System.nanoTime() - a.monotonicNanos);
  }

  /** Takes a new anchor from the wall clock; call after a restore. */
  public static void reanchor() {
    anchor = Anchor.now();
  }

  private static final class Anchor {
    final long epochNanos;
    final long monotonicNanos;

    private Anchor(long epochNanos, long monotonicNanos) {
      this.epochNanos = epochNanos;
      this.monotonicNanos = monotonicNanos;
    }

    static Anchor now() {
      java.time.Instant instant = java.time.Instant.now();
      long monotonic = System.nanoTime();
      return new Anchor(instant.getEpochSecond() * 1_000_000_000L + instant.getNano(), monotonic);
    }
  }
}
