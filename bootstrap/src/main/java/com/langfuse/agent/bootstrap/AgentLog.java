package com.langfuse.agent.bootstrap;

import java.io.PrintStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's one logger: lines of the form {@code [langfuse-agent] LEVEL message} on stderr.
 *
 * <p>The agent never logs through java.util.logging or the application's SLF4J, because either
 * would mix its lines into the application's configuration and could recurse into instrumented
 * code. Callers must never pass a secret key, an Authorization header or prompt content to a
 * level above DEBUG.
 */
public final class AgentLog {

  /** Log levels, most severe first. */
  public enum Level {
    ERROR,
    WARN,
    INFO,
    DEBUG
  }

  private static final long DEFAULT_RATE_LIMIT_NANOS = 30_000_000_000L;

  private static volatile Level threshold = Level.INFO;
  private static volatile PrintStream out = System.err;
  private static final ConcurrentHashMap<String, RateLimit> RATE_LIMITS = new ConcurrentHashMap<>();

  private AgentLog() {}

  /** Sets the most detailed level that is printed. */
  public static void setLevel(Level level) {
    threshold = level;
  }

  /** Redirects output, for tests only. */
  public static void setOutput(PrintStream stream) {
    out = stream;
  }

  public static boolean isDebugEnabled() {
    return threshold == Level.DEBUG;
  }

  public static void error(String message) {
    log(Level.ERROR, message, null);
  }

  public static void error(String message, Throwable error) {
    log(Level.ERROR, message, error);
  }

  public static void warn(String message) {
    log(Level.WARN, message, null);
  }

  public static void warn(String message, Throwable error) {
    log(Level.WARN, message, error);
  }

  public static void info(String message) {
    log(Level.INFO, message, null);
  }

  public static void debug(String message) {
    log(Level.DEBUG, message, null);
  }

  public static void debug(String message, Throwable error) {
    log(Level.DEBUG, message, error);
  }

  /**
   * Logs at most one line per key every 30 seconds. Each printed line ends with the number of
   * occurrences that were suppressed since the previous one, so repeats are counted, not lost.
   */
  public static void rateLimited(Level level, String key, String message) {
    rateLimited(level, key, message, DEFAULT_RATE_LIMIT_NANOS);
  }

  /** Same as {@link #rateLimited(Level, String, String)} with an explicit interval, for tests. */
  public static void rateLimited(Level level, String key, String message, long intervalNanos) {
    if (level.ordinal() > threshold.ordinal()) {
      return;
    }
    RateLimit limit = RATE_LIMITS.computeIfAbsent(key, k -> new RateLimit());
    long suppressed = limit.tryAcquire(System.nanoTime(), intervalNanos);
    if (suppressed < 0) {
      return;
    }
    String suffix = suppressed == 0 ? "" : " (" + suppressed + " similar messages suppressed)";
    log(level, message + suffix, null);
  }

  private static void log(Level level, String message, Throwable error) {
    if (level.ordinal() > threshold.ordinal()) {
      return;
    }
    StringBuilder line = new StringBuilder(message.length() + 32);
    line.append("[langfuse-agent] ").append(level.name()).append(' ').append(message);
    if (error != null) {
      line.append(": ").append(error.getClass().getName());
      if (error.getMessage() != null) {
        line.append(": ").append(error.getMessage());
      }
    }
    PrintStream stream = out;
    synchronized (stream) {
      stream.println(line);
      if (error != null && threshold == Level.DEBUG) {
        error.printStackTrace(stream);
      }
    }
  }

  private static final class RateLimit {
    private final AtomicLong nextAllowedNanos = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();
    private volatile boolean first = true;

    /** Returns the count suppressed since the last printed line, or -1 if this one is suppressed. */
    long tryAcquire(long now, long intervalNanos) {
      long next = nextAllowedNanos.get();
      boolean open = first || now - next >= 0;
      if (open && nextAllowedNanos.compareAndSet(next, now + intervalNanos)) {
        first = false;
        return suppressed.getAndSet(0);
      }
      suppressed.incrementAndGet();
      return -1;
    }
  }
}
