package com.langfuse.agent.bootstrap.trace;

/**
 * The span active on the current thread, which becomes the parent of spans started on it.
 *
 * <p>Only spans that can have children (agent, chain and request spans) are made current;
 * generations are leaves and stay out of it.
 */
public final class CurrentSpan {

  private static final ThreadLocal<SpanData> CURRENT = new ThreadLocal<>();

  private CurrentSpan() {}

  /** Returns the active span on this thread, or null. */
  public static SpanData get() {
    return CURRENT.get();
  }

  /** Makes {@code span} current until the returned scope is closed. */
  public static Scope makeCurrent(SpanData span) {
    SpanData previous = CURRENT.get();
    CURRENT.set(span);
    return new Scope(previous);
  }

  /** Restores the previously current span when closed; close it on the thread that opened it. */
  public static final class Scope implements AutoCloseable {
    private final SpanData previous;
    private boolean closed;

    private Scope(SpanData previous) {
      this.previous = previous;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }
}
