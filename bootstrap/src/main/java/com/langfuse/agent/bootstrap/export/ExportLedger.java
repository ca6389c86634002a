package com.langfuse.agent.bootstrap.export;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The TaskManager's accounting of queued spans: each span accepted into the queue is settled
 * exactly once, as exported or as dropped with a reason, and the difference is what is pending.
 * Every count also goes to the shared {@link AgentStats}.
 */
final class ExportLedger {

  private final AgentStats stats;
  private final LongAdder accepted = new LongAdder();
  private final LongAdder settled = new LongAdder();
  private final AtomicLong dropEvents = new AtomicLong();

  ExportLedger(AgentStats stats) {
    this.stats = stats;
  }

  AgentStats stats() {
    return stats;
  }

  /** Counts a span accepted into the queue; call before the span becomes reachable. */
  void recordAccepted() {
    accepted.increment();
    stats.recordEnqueued();
  }

  void recordExported(int count) {
    if (count <= 0) {
      return;
    }
    stats.recordExported(count);
    settled.add(count);
  }

  void recordDropped(DropReason reason, long count) {
    if (count <= 0) {
      return;
    }
    stats.recordDropped(reason, (int) Math.min(count, Integer.MAX_VALUE));
    dropEvents.incrementAndGet();
    settled.add(count);
  }

  /**
   * Spans accepted and not yet settled. Reads the settled count first: both only grow, so a
   * result of 0 means that at one moment during the call every accepted span was settled.
   */
  long pendingSpans() {
    long settledNow = settled.sum();
    return accepted.sum() - settledNow;
  }

  /** How many times queued spans were dropped; a flush compares it before and after. */
  long dropEvents() {
    return dropEvents.get();
  }
}
