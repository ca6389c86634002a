package com.langfuse.agent.bootstrap.bridge;

/**
 * Counts instrumented LLM calls in progress on the current thread, so that a call made inside
 * another one (an SDK's convenience method calling its raw variant, a framework calling an SDK)
 * records one observation, not two.
 */
public final class CallDepth {

  private static final ThreadLocal<Frame> FRAME = ThreadLocal.withInitial(Frame::new);

  private CallDepth() {}

  /** Increments the depth and returns the value it had before. */
  public static int increment() {
    return FRAME.get().depth++;
  }

  /**
   * Decrements the depth, never below zero. When the outermost call ends, the request body listener
   * of that call is dropped, so the thread keeps no reference to it.
   */
  public static void decrement() {
    Frame frame = FRAME.get();
    if (frame.depth > 0) {
      frame.depth--;
    }
    if (frame.depth == 0) {
      frame.bodyListener = null;
    }
  }

  /** Returns the current depth, for tests. */
  public static int current() {
    return FRAME.get().depth;
  }

  static Frame frame() {
    return FRAME.get();
  }

  /** The traced-call state of one thread. */
  static final class Frame {
    int depth;

    /** Receives the next request body built on this thread, or null. */
    RequestBodies.Listener bodyListener;
  }
}
