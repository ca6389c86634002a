package com.langfuse.agent.internal.lifecycle;

import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.export.AgentStats;
import com.langfuse.agent.bootstrap.export.TaskManager;
import com.langfuse.agent.bootstrap.trace.AgentClock;
import com.langfuse.agent.bootstrap.trace.IdGenerator;
import java.util.concurrent.TimeUnit;

/**
 * What the agent does around a checkpoint, whichever CRaC API announced it.
 *
 * <p>Before a checkpoint it flushes within a deadline, stops the exporter thread, closes the HTTP
 * client (pooled connections and dispatcher threads) and the {@code /dev/urandom} handle, while
 * application threads keep queueing spans. After a restore it takes a new wall-clock anchor,
 * reopens the random source and restarts export, which sends what queued meanwhile with a new
 * HTTP client.
 *
 * <p>Implementations call {@code afterRestore} also after a failed checkpoint, and the two
 * callbacks may arrive unpaired, so both are idempotent and never throw.
 */
final class CheckpointLifecycle {

  private final TaskManager taskManager;
  private final long flushTimeoutMillis;

  // Guarded by this: checkpoints counts beforeCheckpoint calls for the log lines, and paused is
  // whether the last callback was a beforeCheckpoint.
  private int checkpoints;
  private boolean paused;

  CheckpointLifecycle(TaskManager taskManager, long flushTimeoutMillis) {
    this.taskManager = taskManager;
    this.flushTimeoutMillis = flushTimeoutMillis;
  }

  /** Stops every thread, connection and file of the agent; spans keep queueing. */
  synchronized void beforeCheckpoint() {
    if (paused) {
      AgentLog.debug("checkpoint callback while export is already paused: nothing to do");
      return;
    }
    try {
      long start = System.nanoTime();
      AgentStats stats = taskManager.stats();
      long exportedBefore = stats.exported();

      // NOTE: when the flush times out while the exporter thread is still building its HTTP
      // client, that thread is abandoned and may open a connection after this returns, which
      // fails a CRaC checkpoint. A longer LANGFUSE_AGENT_SHUTDOWN_TIMEOUT avoids it.
      boolean complete = taskManager.pause(flushTimeoutMillis);
      IdGenerator.close();

      checkpoints++;
      paused = true;
      long sent = stats.exported() - exportedBefore;
      AgentLog.info(
          "checkpoint "
              + checkpoints
              + ": export paused in "
              + millisSince(start)
              + " ms, "
              + sent
              + " spans sent, "
              + taskManager.pendingSpans()
              + " spans kept queued until restore"
              + (complete
                  ? ""
                  : " (the flush did not finish within "
                      + flushTimeoutMillis
                      + " ms, set by LANGFUSE_AGENT_SHUTDOWN_TIMEOUT)"));
    } catch (Throwable t) {
      AgentLog.error("preparing the agent for a checkpoint failed", t);
    }
  }

  /** Restarts export with new connections, a new clock anchor and a reopened random source. */
  synchronized void afterRestore() {
    try {
      long start = System.nanoTime();
      AgentClock.reanchor();
      IdGenerator.restore();
      long queued = taskManager.pendingSpans();

      taskManager.resume();

      if (!paused) {
        AgentLog.info(
            "restore with no checkpoint callback before it: export was not paused, "
                + queued
                + " spans queued; new clock anchor and id source");
        return;
      }
      paused = false;
      AgentLog.info(
          "restore after checkpoint "
              + checkpoints
              + ": export resumed in "
              + millisSince(start)
              + " ms with "
              + queued
              + " spans queued across the checkpoint; new clock anchor and id source");
    } catch (Throwable t) {
      AgentLog.error("restarting the agent after a restore failed", t);
    }
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
