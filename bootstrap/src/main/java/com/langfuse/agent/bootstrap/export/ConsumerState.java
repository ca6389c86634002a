package com.langfuse.agent.bootstrap.export;

import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.trace.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the TaskManager shares with its consumer threads: the current thread, the batch it holds,
 * a batch carried over from a thread that stopped or died, and the exporter.
 *
 * <p>Every method that takes an {@link ExportConsumer} acts only while that consumer is the
 * current one and still holds the batch, so a thread the TaskManager abandoned (stuck in {@code
 * send}) can never take spans or count a result once it returns.
 */
final class ConsumerState {

  /** A batch whose consumer threads died this often is dropped instead of being tried again. */
  static final int MAX_CONSUMER_FAILURES_PER_BATCH = 2;

  private static final long IDLE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long FIRST_RESTART_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long MAX_RESTART_DELAY_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final SpanQueue queue;
  private final ExportLedger ledger;
  private final Supplier<SpanExporter> exporterFactory;
  private final int flushAt;
  private final long flushIntervalNanos;

  private volatile ExportConsumer current;
  private volatile boolean stopping;
  private volatile long stopDeadlineNanos;
  private volatile boolean restartDelayed;
  private volatile long restartNotBeforeNanos;

  /** Guarded by this, like the fields below. */
  private Batch inHand;

  private Batch carryOver;
  private SpanExporter exporter;
  private int failuresInARow;
  private boolean restartPending;

  ConsumerState(
      SpanQueue queue,
      ExportLedger ledger,
      Supplier<SpanExporter> exporterFactory,
      int flushAt,
      long flushIntervalMillis) {
    this.queue = queue;
    this.ledger = ledger;
    this.exporterFactory = exporterFactory;
    this.flushAt = flushAt;
    this.flushIntervalNanos = TimeUnit.MILLISECONDS.toNanos(flushIntervalMillis);
  }

  /** The running consumer, or null when none runs. */
  ExportConsumer current() {
    return current;
  }

  boolean isCurrent(ExportConsumer consumer) {
    return current == consumer;
  }

  boolean isConsumerThread() {
    ExportConsumer consumer = current;
    return consumer != null && consumer.thread() == Thread.currentThread();
  }

  synchronized void install(ExportConsumer consumer) {
    current = consumer;
  }

  /** Undoes {@link #install} when the thread could not be started. */
  synchronized void uninstall(ExportConsumer consumer) {
    if (current == consumer) {
      current = null;
    }
  }

  /** Counts a consumer started to replace one that died; call once its thread runs. */
  synchronized boolean recordStarted() {
    if (!restartPending) {
      return false;
    }
    restartPending = false;
    ledger.stats().recordConsumerRestart();
    return true;
  }

  /** Whether a new consumer may start at {@code nowNanos}, after the delay that follows a death. */
  boolean mayStart(long nowNanos) {
    return !restartDelayed || nowNanos - restartNotBeforeNanos >= 0;
  }

  synchronized void resetRestartDelay() {
    failuresInARow = 0;
    restartDelayed = false;
  }

  /**
   * Limits retry waits to {@code deadlineNanos} while a pause or shutdown flushes, and wakes the
   * consumer so that a wait already running checks the new deadline.
   */
  void beginStopping(long deadlineNanos) {
    stopDeadlineNanos = deadlineNanos;
    stopping = true;
    ExportConsumer consumer = current;
    if (consumer != null) {
      consumer.wakeForStop();
    }
  }

  void endStopping() {
    stopping = false;
  }

  boolean isStopping() {
    return stopping;
  }

  /** Whether a pause or shutdown needs the consumer stopped before {@code nanos}. */
  boolean deadlineBefore(long nanos) {
    return stopping && nanos - stopDeadlineNanos > 0;
  }

  /**
   * Returns how long the consumer may wait before it should take a batch: 0 or less when a batch
   * is due, because the queue holds a full batch, a flush waits, a batch was carried over or the
   * oldest span has waited the flush interval.
   */
  synchronized long nanosUntilDue(long nowNanos) {
    if (carryOver != null || queue.pendingMarkers() > 0 || queue.size() >= flushAt) {
      return 0;
    }
    SpanQueue.Node head = queue.peek();
    if (head == null) {
      // A span may be reserved but not yet linked; its producer wakes the consumer once it is.
      return queue.size() > 0 ? flushIntervalNanos : IDLE_WAIT_NANOS;
    }
    return head.enqueuedNanos() + flushIntervalNanos - nowNanos;
  }

  /**
   * Returns the exporter, creating it with the factory on first use. Returns null when {@code
   * consumer} is no longer current. The factory runs outside the lock, so a slow factory delays
   * no pause or shutdown.
   */
  SpanExporter exporterFor(ExportConsumer consumer) {
    synchronized (this) {
      if (current != consumer) {
        return null;
      }
      if (exporter != null) {
        return exporter;
      }
    }
    SpanExporter created = exporterFactory.get();
    if (created == null) {
      throw new IllegalStateException("the span exporter factory returned null");
    }
    synchronized (this) {
      if (current == consumer && exporter == null) {
        exporter = created;
        return created;
      }
    }
    // A pause or shutdown replaced the consumer while the factory ran.
    closeQuietly(created);
    return null;
  }

  /** Removes the exporter so that the next send creates a new one; the caller closes it. */
  synchronized SpanExporter takeExporter() {
    SpanExporter taken = exporter;
    exporter = null;
    return taken;
  }

  /**
   * Hands {@code consumer} the carried-over batch, or else up to flushAt spans from the queue,
   * ending early at a flush marker. Returns null when nothing is queued or the consumer is not
   * current.
   */
  synchronized Batch takeBatch(ExportConsumer consumer) {
    if (current != consumer) {
      return null;
    }
    Batch batch = carryOver;
    carryOver = null;
    if (batch == null) {
      batch = pollBatch();
    }
    inHand = batch;
    return batch;
  }

  /**
   * Stores the requests encoded from {@code batch} and counts the spans the encoder dropped.
   * Spans that are in no request and were not counted by the encoder are counted as {@link
   * DropReason#ENCODING_FAILED}, so none goes missing. Returns false when the consumer lost the
   * batch.
   */
  boolean recordEncoded(
      ExportConsumer consumer, Batch batch, List<ExportRequest> requests, AgentStats encoderStats) {
    List<ExportRequest> encoded = requests == null ? List.of() : List.copyOf(requests);
    long missing;
    synchronized (this) {
      if (!holds(consumer, batch)) {
        return false;
      }
      for (DropReason reason : DropReason.values()) {
        long count = encoderStats.dropped(reason);
        if (count > 0) {
          ledger.recordDropped(reason, batch.settle((int) Math.min(count, Integer.MAX_VALUE)));
        }
      }
      long inRequests = 0;
      for (ExportRequest request : encoded) {
        inRequests += request.spanCount();
      }
      missing = batch.unsettledSpans() - inRequests;
      if (missing > 0) {
        ledger.recordDropped(DropReason.ENCODING_FAILED, batch.settle((int) missing));
      }
      batch.setRequests(encoded);
    }
    if (missing > 0) {
      AgentLog.rateLimited(
          AgentLog.Level.WARN,
          "export-encode-missing",
          "the span exporter encoded "
              + (batch.spans().size() - missing)
              + " of "
              + batch.spans().size()
              + " spans and did not count the others as dropped; they are counted as "
              + DropReason.ENCODING_FAILED.label());
    }
    return true;
  }

  /** Drops every unsettled span of {@code batch} because encode threw. */
  void recordEncodingFailed(ExportConsumer consumer, Batch batch, RuntimeException error) {
    int dropped;
    synchronized (this) {
      if (!holds(consumer, batch)) {
        return;
      }
      dropped = batch.settle(batch.unsettledSpans());
      ledger.recordDropped(DropReason.ENCODING_FAILED, dropped);
      finishBatch(batch);
    }
    AgentLog.rateLimited(
        AgentLog.Level.WARN,
        "export-encode-failed",
        "encoding "
            + dropped
            + " spans failed, so they were dropped ("
            + DropReason.ENCODING_FAILED.label()
            + "): "
            + error);
  }

  /** Returns the next request to send, or null when every request is done or the batch is lost. */
  synchronized ExportRequest nextRequest(ExportConsumer consumer, Batch batch) {
    return holds(consumer, batch) ? batch.nextRequest() : null;
  }

  /** Counts the final result of one request. Returns false when the consumer lost the batch. */
  synchronized boolean recordSent(
      ExportConsumer consumer, Batch batch, ExportRequest request, RequestSender.Result result) {
    if (!holds(consumer, batch)) {
      return false;
    }
    int count = batch.settle(request.spanCount());
    if (result == RequestSender.Result.DELIVERED) {
      ledger.recordExported(count);
    } else {
      ledger.recordDropped(result.dropReason(), count);
    }
    batch.advance();
    return true;
  }

  /** Completes {@code batch} once every request is done, and the flushes that waited for it. */
  synchronized void completeBatch(ExportConsumer consumer, Batch batch) {
    if (!holds(consumer, batch)) {
      return;
    }
    // Defensive: an encoder that reported more spans than it was given leaves nothing behind.
    ledger.recordDropped(DropReason.ENCODING_FAILED, batch.settle(batch.unsettledSpans()));
    if (!batch.spans().isEmpty()) {
      failuresInARow = 0;
      restartDelayed = false;
    }
    finishBatch(batch);
  }

  /** Keeps {@code batch} for the next consumer, because this one stops before finishing it. */
  synchronized void returnBatch(ExportConsumer consumer, Batch batch) {
    if (holds(consumer, batch)) {
      carryOver = batch;
      inHand = null;
    }
  }

  /** Clears {@code consumer} after it returned normally, keeping any batch it still held. */
  synchronized void consumerExited(ExportConsumer consumer) {
    if (current == consumer) {
      detach();
    }
  }

  /**
   * Clears {@code consumer}, which stopped working at the deadline and may still be running: it
   * is abandoned, and the batch it held is kept for the next consumer or for the shutdown count.
   */
  synchronized void abandon(ExportConsumer consumer) {
    if (current == consumer) {
      detach();
    }
  }

  /**
   * Clears {@code consumer} after it died from {@code error}. Its batch is kept for the next
   * consumer, unless consumers already died on it {@link #MAX_CONSUMER_FAILURES_PER_BATCH} times:
   * then its unsent spans are dropped, so that one bad span cannot stop export for good. The next
   * consumer starts at once after the first failure, then after a delay that doubles with every
   * failure in a row, up to 30 seconds.
   */
  void consumerFailed(ExportConsumer consumer, Throwable error) {
    String batchFate = "";
    long restartDelayMillis;
    synchronized (this) {
      if (current != consumer) {
        return;
      }
      Batch batch = inHand;
      detach();
      if (batch != null) {
        batchFate = keepOrDrop(batch);
      }
      restartPending = true;
      failuresInARow++;
      long delay = restartDelayNanos(failuresInARow);
      restartNotBeforeNanos = System.nanoTime() + delay;
      restartDelayed = delay > 0;
      restartDelayMillis = TimeUnit.NANOSECONDS.toMillis(delay);
    }
    AgentLog.error(
        "the span exporter thread "
            + ExportConsumer.THREAD_NAME
            + " failed"
            + batchFate
            + "; a new thread starts with the next span or flush"
            + (restartDelayMillis > 0 ? " after " + restartDelayMillis + " ms" : ""),
        error);
  }

  /**
   * Drops everything not yet exported: the carried-over batch, the batch of a consumer that is no
   * longer current, and every queued span, counting them under {@code reason}. Fails the flushes
   * still queued. Returns the number of spans dropped. Call only when no consumer runs.
   */
  synchronized long dropLeftovers(DropReason reason) {
    long dropped = 0;
    if (inHand != null && current == null) {
      carryOver = inHand;
      inHand = null;
    }
    if (carryOver != null) {
      int count = carryOver.settle(carryOver.unsettledSpans());
      ledger.recordDropped(reason, count);
      queue.releaseBytes(carryOver.takeReservedBytes());
      dropped += count;
      for (FlushMarker marker : carryOver.markers()) {
        marker.fail();
      }
      carryOver = null;
    }
    long queued = 0;
    for (SpanQueue.Node node = queue.poll(); node != null; node = queue.poll()) {
      if (node.marker() != null) {
        node.marker().fail();
      } else {
        queue.releaseBytes(node.bytes());
        queued++;
      }
    }
    ledger.recordDropped(reason, queued);
    return dropped + queued;
  }

  private Batch pollBatch() {
    List<SpanData> spans = new ArrayList<>(Math.max(1, Math.min(flushAt, queue.size())));
    List<FlushMarker> markers = null;
    long bytes = 0;
    while (spans.size() < flushAt) {
      SpanQueue.Node node = queue.peek();
      if (node == null) {
        break;
      }
      if (node.marker() != null) {
        if (markers == null) {
          markers = new ArrayList<>(2);
        }
        markers.add(node.marker());
      } else if (markers != null) {
        // Spans behind a flush marker wait for the next batch, so a drop among them cannot fail
        // that flush.
        break;
      } else {
        spans.add(node.span());
        bytes += node.bytes();
      }
      queue.poll();
    }
    if (spans.isEmpty() && markers == null) {
      return null;
    }
    return new Batch(spans, markers == null ? List.of() : markers, bytes);
  }

  private boolean holds(ExportConsumer consumer, Batch batch) {
    return current == consumer && inHand == batch;
  }

  private void finishBatch(Batch batch) {
    inHand = null;
    queue.releaseBytes(batch.takeReservedBytes());
    long dropEvents = ledger.dropEvents();
    for (FlushMarker marker : batch.markers()) {
      marker.complete(dropEvents);
    }
  }

  private void detach() {
    current = null;
    if (inHand != null) {
      carryOver = inHand;
      inHand = null;
    }
  }

  /** Returns the clause that says what happened to the failed consumer's batch. */
  private String keepOrDrop(Batch batch) {
    int unsettled = batch.unsettledSpans();
    if (batch.recordConsumerFailure() < MAX_CONSUMER_FAILURES_PER_BATCH) {
      return " holding " + unsettled + " unsent spans, which the next thread sends";
    }
    DropReason reason =
        batch.isEncoded() ? DropReason.RETRIES_EXHAUSTED : DropReason.ENCODING_FAILED;
    ledger.recordDropped(reason, batch.settle(unsettled));
    carryOver = null;
    finishBatch(batch);
    return " on the same batch "
        + MAX_CONSUMER_FAILURES_PER_BATCH
        + " times, so its "
        + unsettled
        + " unsent spans were dropped ("
        + reason.label()
        + ")";
  }

  private static long restartDelayNanos(int failuresInARow) {
    if (failuresInARow <= 1) {
      return 0;
    }
    long delay = FIRST_RESTART_DELAY_NANOS;
    for (int i = 2; i < failuresInARow && delay < MAX_RESTART_DELAY_NANOS; i++) {
      delay *= 2;
    }
    return Math.min(delay, MAX_RESTART_DELAY_NANOS);
  }

  private static void closeQuietly(SpanExporter unused) {
    try {
      unused.close();
    } catch (RuntimeException e) {
      AgentLog.debug("closing an unused span exporter failed", e);
    }
  }
}
