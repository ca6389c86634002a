package com.langfuse.agent.bootstrap.export;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters for everything the exporter pipeline does with spans. Every span handed to the
 * TaskManager ends up counted as exported, as dropped with a reason, or as sampled out, or is still
 * pending. Sampled-out spans are left out on purpose ({@code LANGFUSE_SAMPLE_RATE}), so they are
 * not a loss and not a {@link DropReason}.
 */
public final class AgentStats {

  private final LongAdder enqueued = new LongAdder();
  private final LongAdder exported = new LongAdder();
  private final AtomicLongArray dropped = new AtomicLongArray(DropReason.values().length);
  private final LongAdder requestsSent = new LongAdder();
  private final LongAdder requestsFailed = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder consumerRestarts = new LongAdder();
  private final LongAdder sampledOut = new LongAdder();

  public void recordEnqueued() {
    enqueued.increment();
  }

  public void recordExported(int count) {
    exported.add(count);
  }

  public void recordDropped(DropReason reason, int count) {
    dropped.addAndGet(reason.ordinal(), count);
  }

  public void recordRequestSent() {
    requestsSent.increment();
  }

  public void recordRequestFailed() {
    requestsFailed.increment();
  }

  public void recordRetry() {
    retries.increment();
  }

  public void recordConsumerRestart() {
    consumerRestarts.increment();
  }

  public void recordSampledOut() {
    sampledOut.increment();
  }

  /** Spans accepted into the queue. */
  public long enqueued() {
    return enqueued.sum();
  }

  /** Spans the server accepted. */
  public long exported() {
    return exported.sum();
  }

  public long dropped(DropReason reason) {
    return dropped.get(reason.ordinal());
  }

  /** All dropped spans, whatever the reason; includes spans rejected before they were queued. */
  public long droppedTotal() {
    long total = 0;
    for (DropReason reason : DropReason.values()) {
      total += dropped(reason);
    }
    return total;
  }

  /** Drops by reason, only the reasons with a non-zero count. */
  public Map<DropReason, Long> droppedByReason() {
    Map<DropReason, Long> result = new EnumMap<>(DropReason.class);
    for (DropReason reason : DropReason.values()) {
      long count = dropped(reason);
      if (count > 0) {
        result.put(reason, count);
      }
    }
    return result;
  }

  /** HTTP requests that got a 2xx answer. */
  public long requestsSent() {
    return requestsSent.sum();
  }

  /** Request attempts that failed: network errors and non-2xx answers, retried or not. */
  public long requestsFailed() {
    return requestsFailed.sum();
  }

  public long retries() {
    return retries.sum();
  }

  public long consumerRestarts() {
    return consumerRestarts.sum();
  }

  /** Spans of sampled-out traces, which ended and were not exported by design. */
  public long sampledOut() {
    return sampledOut.sum();
  }

  /**
   * One line for logs: {@code exported=10 dropped=2 (queue_full=2) sampled_out=5 failed_requests=1
   * retries=1}.
   */
  public String summary() {
    StringBuilder line = new StringBuilder();
    line.append("exported=").append(exported()).append(" dropped=").append(droppedTotal());
    Map<DropReason, Long> byReason = droppedByReason();
    if (!byReason.isEmpty()) {
      line.append(" (");
      boolean first = true;
      for (Map.Entry<DropReason, Long> entry : byReason.entrySet()) {
        if (!first) {
          line.append(", ");
        }
        first = false;
        line.append(entry.getKey().label()).append('=').append(entry.getValue());
      }
      line.append(')');
    }
    line.append(" sampled_out=").append(sampledOut());
    line.append(" failed_requests=").append(requestsFailed()).append(" retries=").append(retries());
    return line.toString();
  }
}
