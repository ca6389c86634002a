package com.langfuse.agent.bootstrap.bridge;

/**
 * Counts instrumented LLM calls in progress on the current thread, so that a call made inside
 * another one (an SDK's convenience method calling its raw variant, a framework calling an SDK)
 * records one observation, not two.
 */
public final class CallDepth {

  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  private CallDepth() {}

  /** Increments the depth and returns the value it had before. */
  public static int increment() {
    return DEPTH.get()[0]++;
  }

  /** Decrements the depth; never below zero. */
  public static void decrement() {
    int[] depth = DEPTH.get();
    if (depth[0] > 0) {
      depth[0]--;
    }
  }

  /** Returns the current depth, for tests. */
  public static int current() {
    return DEPTH.get()[0];
  }
}
