package com.langfuse.agent.bootstrap.export;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The body of one exporter thread: waits until a batch is due, encodes it and sends its requests
 * with the retry policy, until it is asked to stop.
 *
 * <p>A Throwable that escapes (an Error from the exporter, say) ends the thread; {@link
 * ConsumerState#consumerFailed} logs and counts it, keeps the batch, and the TaskManager starts a
 * new thread on the next span or flush.
 */
final class ExportConsumer implements Runnable, RequestSender.RetryWaiter {

  static final String THREAD_NAME = "langfuse-agent-exporter";

  /** How long to wait when spans are reserved but not yet reachable in the queue. */
  private static final long LINK_WAIT_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

  private final ConsumerState state;
  private final RequestSender sender;
  private final AtomicBoolean waiting = new AtomicBoolean();
  private volatile boolean stopRequested;
  private volatile Thread thread;

  ExportConsumer(ConsumerState state, RequestSender sender) {
    this.state = state;
    this.sender = sender;
  }

  void attach(Thread runner) {
    thread = runner;
  }

  Thread thread() {
    return thread;
  }

  /**
   * Wakes the thread if it waits for a batch to become due. Producers call this on every span that
   * makes the queue non-empty or fills a batch, so it must stay cheap when the thread is busy.
   */
  void wake() {
    if (waiting.get() && waiting.compareAndSet(true, false)) {
      LockSupport.unpark(thread);
    }
  }

  /** Wakes the thread from any wait, so it rechecks stop requests and deadlines. */
  void wakeForStop() {
    Thread runner = thread;
    if (runner != null) {
      LockSupport.unpark(runner);
    }
  }

  /** Asks the thread to return after the request in progress; it keeps any unfinished batch. */
  void requestStop() {
    stopRequested = true;
    wakeForStop();
  }

  // NOTE: a thread stopped (Thread.stop) after start but before it enters this method ends without
  // running any of it, so it stays the current consumer: no new one starts and shutdown waits out
  // its timeout.
  @Override
  public void run() {
    try {
      exportUntilStopped();
      state.consumerExited(this);
    } catch (Throwable t) {
      state.consumerFailed(this, t);
    }
  }

  @Override
  public boolean isStopRequested() {
    return stopRequested || !state.isCurrent(this);
  }

  @Override
  public boolean isAbandoned() {
    return !state.isCurrent(this);
  }

  @Override
  public boolean awaitRetry(long nanos) {
    long end = System.nanoTime() + nanos;
    while (true) {
      if (isStopRequested() || state.deadlineBefore(end)) {
        return false;
      }
      long left = end - System.nanoTime();
      if (left <= 0) {
        return true;
      }
      LockSupport.parkNanos(this, left);
      // An interrupt comes with a stop request, which the loop checks; clear it so park waits.
      Thread.interrupted();
    }
  }

  private void exportUntilStopped() {
    while (awaitBatchDue()) {
      SpanExporter exporter = state.exporterFor(this);
      if (exporter == null) {
        return;
      }
      Batch batch = state.takeBatch(this);
      if (batch == null) {
        if (!state.isCurrent(this)) {
          return;
        }
        LockSupport.parkNanos(this, LINK_WAIT_NANOS);
        continue;
      }
      if (!export(exporter, batch)) {
        return;
      }
    }
  }

  /** Waits until a batch is due; returns false when asked to stop instead. */
  private boolean awaitBatchDue() {
    while (!isStopRequested()) {
      if (state.nanosUntilDue(System.nanoTime()) <= 0) {
        return true;
      }
      waiting.set(true);
      // Check again after announcing the wait: a producer that added a span before it saw no
      // waiter, so the wait would miss that span.
      long wait = state.nanosUntilDue(System.nanoTime());
      if (wait > 0) {
        LockSupport.parkNanos(this, wait);
      }
      waiting.set(false);
      Thread.interrupted();
    }
    return false;
  }

  /** Encodes and sends {@code batch}; returns false when this thread must stop. */
  private boolean export(SpanExporter exporter, Batch batch) {
    if (batch.spans().isEmpty()) {
      state.completeBatch(this, batch);
      return true;
    }
    if (!batch.isEncoded()) {
      AgentStats encoderStats = new AgentStats();
      List<ExportRequest> requests;
      try {
        requests = exporter.encode(batch.spans(), encoderStats);
      } catch (RuntimeException e) {
        state.recordEncodingFailed(this, batch, e);
        return state.isCurrent(this);
      }
      if (!state.recordEncoded(this, batch, requests, encoderStats)) {
        return false;
      }
    }

    for (ExportRequest request = state.nextRequest(this, batch);
        request != null;
        request = state.nextRequest(this, batch)) {
      RequestSender.Result result = sender.send(exporter, request, this);
      if (result == RequestSender.Result.STOPPED) {
        state.returnBatch(this, batch);
        return false;
      }
      if (!state.recordSent(this, batch, request, result)) {
        return false;
      }
    }
    state.completeBatch(this, batch);
    return state.isCurrent(this);
  }
}
