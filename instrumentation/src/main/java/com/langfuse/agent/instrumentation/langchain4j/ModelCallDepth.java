package com.langfuse.agent.instrumentation.langchain4j;

/**
 * Counts the LangChain4j model calls in progress on the current thread, so that a call made inside
 * another one (a convenience {@code chat} method calling the main one, a model that delegates to
 * another model) records one observation.
 */
final class ModelCallDepth {

  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  private ModelCallDepth() {}

  /** Increments the depth and returns whether this is the outermost call. */
  static boolean enter() {
    return DEPTH.get()[0]++ == 0;
  }

  /**
   * Sets the depth to zero and returns the value it had, for a callback into application code
   * that may start model calls of its own, such as a stream handler a provider calls on the thread
   * that called {@code chat}.
   */
  static int suspend() {
    int[] depth = DEPTH.get();
    int saved = depth[0];
    depth[0] = 0;
    return saved;
  }

  static void restore(int saved) {
    DEPTH.get()[0] = saved;
  }

  static void exit() {
    int[] depth = DEPTH.get();
    if (depth[0] > 0) {
      depth[0]--;
    }
  }
}
