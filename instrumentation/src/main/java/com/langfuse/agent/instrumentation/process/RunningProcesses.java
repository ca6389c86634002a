package com.langfuse.agent.instrumentation.process;

import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Ends each process span when its process exits, without blocking any application thread.
 *
 * <p>{@link Process#onExit()} completes on a JDK thread once the process has ended: the common
 * fork-join pool, or a short-lived thread per exit when that pool has a single worker (the Unix
 * implementation in JDK 17 and 25). NOTE: the Windows implementation was not checked. At most
 * {@link #MAX_OBSERVED} processes are observed at once; the span of a process started beyond that
 * ends right after the start, without an exit code. At shutdown, {@link #endAll} ends the spans of
 * processes still running, so they are exported with a "still running" status instead of lost.
 */
final class RunningProcesses {

  static final int MAX_OBSERVED = 1024;

  /** The longest that {@link #endAll} waits for exit callbacks that are ending a span. */
  private static final long FINISH_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  static final String STATE_METADATA = LangfuseAttributes.OBSERVATION_METADATA_PREFIX + "state";
  static final String EXIT_CODE = "process.exit.code";

  private final Map<SpanData, Process> running = new ConcurrentHashMap<>();
  private final AtomicInteger observed = new AtomicInteger();

  /**
   * Exit callbacks inside {@link #finish}. One counts itself before it takes its span, so {@link
   * #endAll} either finds the span still observed or sees the callback running and waits for it.
   */
  private final AtomicInteger finishing = new AtomicInteger();
  private final int maxObserved;

  RunningProcesses(int maxObserved) {
    this.maxObserved = maxObserved;
  }

  /** Ends {@code span} when {@code process} exits, with its exit code. */
  void observe(SpanData span, Process process) {
    if (observed.incrementAndGet() > maxObserved) {
      observed.decrementAndGet();
      span.setAttribute(STATE_METADATA, "not observed: more than " + maxObserved + " running");
      span.end();
      AgentLog.rateLimited(
          AgentLog.Level.WARN,
          "process-observe-limit",
          "more than "
              + maxObserved
              + " child processes are running; the spans of further ones end at start, without"
              + " an exit code");
      return;
    }
    running.put(span, process);
    try {
      process.onExit().whenComplete((ended, error) -> finish(span, process));
    } catch (Throwable t) {
      // A Process subclass of the application may not support onExit.
      finish(span, process);
    }
  }

  /**
   * Ends the spans of all processes still observed, at JVM shutdown, before the exporter stops
   * accepting spans. Waits at most {@link #FINISH_WAIT_NANOS} for exit callbacks that are ending a
   * span right now, so that span reaches the exporter in time too.
   */
  void endAll() {
    for (Map.Entry<SpanData, Process> entry : running.entrySet()) {
      SpanData span = entry.getKey();
      Process process = entry.getValue();
      if (exitCodeIfEnded(process) != null) {
        finish(span, process);
        continue;
      }
      if (!release(span)) {
        continue;
      }
      span.setAttribute(STATE_METADATA, "still running at shutdown");
      span.setAttribute(LangfuseAttributes.OBSERVATION_LEVEL, LangfuseAttributes.LEVEL_WARNING);
      span.setAttribute(
          LangfuseAttributes.OBSERVATION_STATUS_MESSAGE,
          "the process was still running when this JVM shut down; its exit code is unknown");
      span.end();
    }
    long deadline = System.nanoTime() + FINISH_WAIT_NANOS;
    while (finishing.get() > 0 && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  /** Returns the number of processes observed now. */
  int size() {
    return observed.get();
  }

  private void finish(SpanData span, Process process) {
    finishing.incrementAndGet();
    try {
      if (!release(span)) {
        return;
      }
      Integer exitCode = exitCodeIfEnded(process);
      if (exitCode != null) {
        ProcessSpans.recordExit(span, exitCode);
      }
      span.end();
    } finally {
      finishing.decrementAndGet();
    }
  }

  /** Stops observing {@code span}; returns false when another thread already did. */
  private boolean release(SpanData span) {
    if (running.remove(span) == null) {
      return false;
    }
    observed.decrementAndGet();
    return true;
  }

  private static Integer exitCodeIfEnded(Process process) {
    try {
      return process.exitValue();
    } catch (IllegalThreadStateException stillRunning) {
      return null;
    } catch (RuntimeException unsupported) {
      return null;
    }
  }
}
