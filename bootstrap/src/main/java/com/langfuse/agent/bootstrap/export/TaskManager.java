package com.langfuse.agent.bootstrap.export;

import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.config.AgentConfig;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.SpanSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Queues ended spans and exports them in batches from one daemon thread, {@code
 * langfuse-agent-exporter}.
 *
 * <p>{@link #accept} runs on application threads: it never blocks and never throws, and when the
 * queue is full ({@code LANGFUSE_AGENT_MAX_QUEUE_SIZE} spans or {@code
 * LANGFUSE_AGENT_MAX_QUEUE_BYTES} bytes) it drops the span and counts it. The consumer thread
 * starts with the first span, sends a batch when it holds {@code LANGFUSE_FLUSH_AT} spans or when
 * the oldest span has waited {@code LANGFUSE_FLUSH_INTERVAL}, and retries as {@link
 * RequestSender} describes. Every accepted span ends up counted in {@link AgentStats} as exported
 * or as dropped with a {@link DropReason}.
 *
 * <p>{@link #pause} and {@link #resume} stop and restart the thread and the exporter around a
 * checkpoint while spans keep queueing; {@link #shutdown} ends export for good. Each of them, and
 * {@link #flush}, returns within its timeout plus a margin of about half a second, even when the
 * exporter hangs.
 */
public final class TaskManager implements SpanSink {

  /** How often a waiting flush checks that a consumer still runs. */
  private static final long FLUSH_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** How long a stop waits for an interrupted consumer, and for the exporter to close. */
  private static final long STOP_MARGIN_MILLIS = 250;

  private final AgentConfig config;
  private final AgentStats stats;
  private final int flushAt;
  private final SpanQueue queue;
  private final ExportLedger ledger;
  private final ConsumerState state;
  private final RequestSender sender;
  private final String queueFullMessage;
  private final String queueBytesFullMessage;
  private final ReentrantLock lifecycleLock = new ReentrantLock();
  private final AtomicBoolean shutdownHookRegistered = new AtomicBoolean();
  private final List<Runnable> beforeShutdownActions = new CopyOnWriteArrayList<>();
  private final AtomicBoolean beforeShutdownRan = new AtomicBoolean();

  private volatile boolean shutdown;
  private volatile boolean terminated;
  private volatile boolean paused;
  private volatile long unsentAtShutdown;

  /** Guarded by {@link #lifecycleLock}. */
  private boolean shutdownResult;

  /**
   * Creates a TaskManager that starts nothing yet: the consumer thread starts on the first span,
   * and it calls {@code exporterFactory} when it first has something to send, and again after
   * {@link #resume}.
   */
  public TaskManager(
      AgentConfig config, Supplier<SpanExporter> exporterFactory, AgentStats stats) {
    this(config, exporterFactory, stats, RetryBackoff.DEFAULT);
  }

  TaskManager(
      AgentConfig config,
      Supplier<SpanExporter> exporterFactory,
      AgentStats stats,
      RetryBackoff backoff) {
    this.config = config;
    this.stats = stats;
    this.flushAt = config.flushAt();
    this.queue = new SpanQueue(config.maxQueueSize(), config.maxQueueBytes());
    this.ledger = new ExportLedger(stats);
    this.state =
        new ConsumerState(
            queue, ledger, exporterFactory, config.flushAt(), config.flushIntervalMillis());
    this.sender = new RequestSender(config, stats, backoff);
    this.queueFullMessage =
        "dropped a span because the export queue is full at "
            + config.maxQueueSize()
            + " spans ("
            + DropReason.QUEUE_FULL.label()
            + "): raise LANGFUSE_AGENT_MAX_QUEUE_SIZE, or see the retry warnings if Langfuse is"
            + " slow or unreachable";
    this.queueBytesFullMessage =
        "dropped a span because the export queue is full at "
            + config.maxQueueBytes()
            + " bytes ("
            + DropReason.QUEUE_BYTES_FULL.label()
            + "): raise LANGFUSE_AGENT_MAX_QUEUE_BYTES, or see the retry warnings if Langfuse is"
            + " slow or unreachable";
  }

  /**
   * Queues an ended span for export. Never blocks and never throws: a span that does not fit, or
   * that arrives after {@link #shutdown}, is dropped and counted, and a span of a sampled-out trace
   * is counted as sampled out.
   */
  @Override
  public void accept(SpanData span) {
    if (span == null) {
      return;
    }
    if (!span.isSampled()) {
      stats.recordSampledOut();
      return;
    }
    if (shutdown) {
      stats.recordDropped(DropReason.AFTER_SHUTDOWN, 1);
      logDroppedAfterShutdown();
      return;
    }
    try {
      enqueue(span);
    } catch (Throwable t) {
      AgentLog.rateLimited(
          AgentLog.Level.WARN, "export-accept-failed", "queueing a span for export failed: " + t);
    }
  }

  /** Starts the consumer thread now instead of on the first span. */
  public void start() {
    if (!shutdown && !paused) {
      ensureConsumer();
    }
  }

  /**
   * Waits until every span queued before this call is delivered. Returns true when all of them
   * were exported, and false when the timeout passed first or any of them was dropped.
   *
   * <p>Returns at once when nothing is pending, from the consumer thread itself, while export is
   * paused, and after {@link #shutdown}: then it returns false if the shutdown left spans unsent.
   * Several threads may flush at once.
   */
  public boolean flush(long timeoutMillis) {
    long dropEvents = ledger.dropEvents();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
    if (shutdown) {
      return terminated ? unsentAtShutdown == 0 : ledger.pendingSpans() == 0;
    }
    if (ledger.pendingSpans() == 0) {
      return true;
    }
    if (paused || timeoutMillis <= 0 || state.isConsumerThread()) {
      return false;
    }
    return flushUntil(dropEvents, deadline);
  }

  /**
   * Stops export for good: runs the {@link #runBeforeShutdown} actions, stops accepting spans,
   * flushes what is queued within {@code timeoutMillis}, stops the consumer thread (interrupting
   * and abandoning it when the exporter hangs), closes the exporter, and counts what is left as
   * {@link DropReason#SHUTDOWN_TIMEOUT}.
   * Logs one INFO line with the totals. Spans queued while export was paused are not sent.
   *
   * <p>Returns whether every queued span was delivered. A second call does nothing and returns
   * the first call's result.
   */
  public boolean shutdown(long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
    runBeforeShutdownActions();
    shutdown = true;
    if (!lockBefore(deadline)) {
      AgentLog.warn(
          "shutdown timed out after "
              + timeoutMillis
              + " ms waiting for a pause or resume of the exporter to finish; "
              + ledger.pendingSpans()
              + " spans are still queued");
      return false;
    }
    try {
      if (terminated) {
        return shutdownResult;
      }
      boolean flushed = paused ? ledger.pendingSpans() == 0 : flushBeforeStop(deadline);
      stopConsumer(deadline);
      closeExporter();
      terminated = true;
      long unsent = state.dropLeftovers(DropReason.SHUTDOWN_TIMEOUT);
      state.endStopping();
      unsentAtShutdown = unsent;
      shutdownResult = flushed && unsent == 0;
      AgentLog.info(
          "stopped: "
              + stats.summary()
              + "; "
              + unsent
              + " spans left unsent"
              + (unsent > 0 ? " (raise LANGFUSE_AGENT_SHUTDOWN_TIMEOUT to wait longer)" : ""));
      return shutdownResult;
    } finally {
      lifecycleLock.unlock();
    }
  }

  /**
   * Registers {@code action} to run once at the start of {@link #shutdown}, while spans are still
   * accepted, so that instrumentation can end spans that would otherwise never end (a child
   * process still running). Actions run on the thread that shuts down and must return quickly; one
   * that throws is logged and skipped.
   */
  public void runBeforeShutdown(Runnable action) {
    if (action != null) {
      beforeShutdownActions.add(action);
    }
  }

  /** Registers a JVM shutdown hook that calls {@link #shutdown} with the configured timeout. */
  public void registerShutdownHook() {
    if (!shutdownHookRegistered.compareAndSet(false, true)) {
      return;
    }
    Thread hook =
        new Thread(
            null,
            () -> shutdown(config.shutdownTimeoutMillis()),
            "langfuse-agent-shutdown",
            0,
            false);
    try {
      Runtime.getRuntime().addShutdownHook(hook);
    } catch (IllegalStateException | SecurityException e) {
      AgentLog.warn(
          "registering the shutdown hook failed, so spans still queued when the JVM exits are"
              + " lost: "
              + e);
    }
  }

  /**
   * Stops export before a checkpoint: flushes what is queued within {@code timeoutMillis}, stops
   * the consumer thread and closes the exporter, so no thread or connection of the agent is left.
   * Spans keep queueing until {@link #resume}. Returns whether the flush delivered everything and
   * the thread stopped in time. Calling it again while paused does nothing and returns true.
   */
  public boolean pause(long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
    if (!lockBefore(deadline)) {
      return false;
    }
    try {
      if (paused || terminated) {
        return true;
      }
      boolean flushed = flushBeforeStop(deadline);
      paused = true;
      boolean stopped = stopConsumer(deadline);
      closeExporter();
      state.endStopping();
      AgentLog.debug("export paused with " + ledger.pendingSpans() + " spans kept for resume");
      return flushed && stopped;
    } finally {
      lifecycleLock.unlock();
    }
  }

  /**
   * Restarts export after {@link #pause}: a new consumer thread sends what queued meanwhile, with
   * a new exporter from the factory. Does nothing when export is not paused.
   */
  public void resume() {
    lifecycleLock.lock();
    try {
      if (!paused || terminated) {
        return;
      }
      paused = false;
      state.resetRestartDelay();
      if (ledger.pendingSpans() > 0) {
        ensureConsumer();
      }
      AgentLog.debug("export resumed with " + ledger.pendingSpans() + " spans pending");
    } finally {
      lifecycleLock.unlock();
    }
  }

  public AgentStats stats() {
    return stats;
  }

  /** Spans in the queue, not counting a batch the consumer holds. */
  public int queuedSpans() {
    return queue.size();
  }

  /**
   * Spans accepted and not yet exported or dropped: the queue plus a batch the consumer holds or
   * an abandoned consumer left behind.
   */
  public long pendingSpans() {
    return ledger.pendingSpans();
  }

  /** Estimated bytes of the spans in the queue and in the batch being sent. */
  public long queuedBytes() {
    return queue.bytes();
  }

  /** Whether {@link #shutdown} was called. */
  public boolean isShutdown() {
    return shutdown;
  }

  private void runBeforeShutdownActions() {
    if (!beforeShutdownRan.compareAndSet(false, true)) {
      return;
    }
    for (Runnable action : beforeShutdownActions) {
      try {
        action.run();
      } catch (Throwable t) {
        AgentLog.warn("an action before shutdown failed, spans it would have ended are lost", t);
      }
    }
  }

  private void enqueue(SpanData span) {
    long bytes = span.estimatedBytes();
    int queued = queue.reserve(bytes);
    if (queued == SpanQueue.FULL_BY_COUNT) {
      stats.recordDropped(DropReason.QUEUE_FULL, 1);
      AgentLog.rateLimited(AgentLog.Level.WARN, "export-queue-full", queueFullMessage);
      return;
    }
    if (queued == SpanQueue.FULL_BY_BYTES) {
      stats.recordDropped(DropReason.QUEUE_BYTES_FULL, 1);
      AgentLog.rateLimited(AgentLog.Level.WARN, "export-queue-bytes-full", queueBytesFullMessage);
      return;
    }
    ledger.recordAccepted();
    queue.link(span, bytes, System.nanoTime());

    if (terminated) {
      // This span passed the shutdown check before shutdown finished draining the queue.
      state.dropLeftovers(DropReason.AFTER_SHUTDOWN);
      logDroppedAfterShutdown();
      return;
    }
    ExportConsumer consumer = state.current();
    if (consumer != null) {
      if (queued == 1 || queued >= flushAt) {
        consumer.wake();
      }
    } else if (!paused && state.mayStart(System.nanoTime())) {
      ensureConsumer();
    }
  }

  private static void logDroppedAfterShutdown() {
    AgentLog.rateLimited(
        AgentLog.Level.WARN,
        "export-after-shutdown",
        "dropped a span that ended after the agent began to shut down ("
            + DropReason.AFTER_SHUTDOWN.label()
            + "): spans that end in JVM shutdown hooks are not sent");
  }

  /**
   * Starts a consumer when none runs and one may run. Never blocks: when another thread holds
   * the lifecycle lock it is starting or stopping the consumer, and this returns true. Returns
   * false only when no consumer runs and none may start now.
   */
  private boolean ensureConsumer() {
    if (state.current() != null) {
      return true;
    }
    if (!lifecycleLock.tryLock()) {
      return true;
    }
    try {
      if (state.current() != null) {
        return true;
      }
      boolean allowed =
          !paused
              && !terminated
              && !state.isStopping()
              && state.mayStart(System.nanoTime())
              && (!shutdown || lifecycleLock.getHoldCount() > 1);
      return allowed && startConsumer();
    } finally {
      lifecycleLock.unlock();
    }
  }

  /** Starts a new consumer thread; the caller holds the lifecycle lock. */
  private boolean startConsumer() {
    ExportConsumer consumer = new ExportConsumer(state, sender);
    // No inherited thread locals, and no context class loader that would pin the application's.
    Thread thread = new Thread(null, consumer, ExportConsumer.THREAD_NAME, 0, false);
    thread.setDaemon(true);
    thread.setContextClassLoader(null);
    consumer.attach(thread);
    state.install(consumer);
    try {
      thread.start();
    } catch (Throwable t) {
      state.uninstall(consumer);
      AgentLog.rateLimited(
          AgentLog.Level.ERROR,
          "export-thread-start",
          "starting the span exporter thread failed, so spans stay queued until the next try: "
              + t);
      return false;
    }
    if (state.recordStarted()) {
      AgentLog.info("started a new span exporter thread to replace the one that failed");
    }
    return true;
  }

  /**
   * Flushes before a pause or shutdown stops the consumer: makes sure a consumer runs, then
   * limits its retry waits to {@code deadline} and waits for the flush. The caller holds the
   * lifecycle lock.
   */
  private boolean flushBeforeStop(long deadline) {
    long dropEvents = ledger.dropEvents();
    if (ledger.pendingSpans() == 0) {
      state.beginStopping(deadline);
      return true;
    }
    ensureConsumer();
    state.beginStopping(deadline);
    return flushUntil(dropEvents, deadline);
  }

  private boolean flushUntil(long dropEvents, long deadline) {
    FlushMarker marker = new FlushMarker(dropEvents);
    queue.linkMarker(marker);
    ExportConsumer consumer = state.current();
    if (consumer != null) {
      consumer.wake();
    }
    try {
      while (true) {
        if (!ensureConsumer()) {
          return false;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        if (marker.await(Math.min(left, FLUSH_CHECK_NANOS))) {
          return marker.delivered();
        }
        if (terminated || (paused && !lifecycleLock.isHeldByCurrentThread())) {
          return false;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Asks the consumer to stop and waits until {@code deadline}. A consumer still running then is
   * stuck in the exporter: closing the exporter cancels its request, and it is interrupted and
   * given a short margin. If it still runs, it is abandoned and its batch is kept. Returns whether
   * the consumer stopped.
   */
  private boolean stopConsumer(long deadline) {
    ExportConsumer consumer = state.current();
    if (consumer == null) {
      return true;
    }
    consumer.requestStop();
    Thread thread = consumer.thread();
    if (thread == Thread.currentThread()) {
      state.abandon(consumer);
      return false;
    }
    join(thread, deadline - System.nanoTime());
    if (thread.isAlive()) {
      closeExporter();
      thread.interrupt();
      join(thread, TimeUnit.MILLISECONDS.toNanos(STOP_MARGIN_MILLIS));
    }
    if (!thread.isAlive()) {
      return true;
    }
    state.abandon(consumer);
    AgentLog.warn(
        "the span exporter thread did not stop in time and was abandoned; its unsent spans are"
            + " kept until resume or counted at shutdown");
    return false;
  }

  /** Closes the exporter, waiting at most the stop margin for a close that hangs. */
  private void closeExporter() {
    SpanExporter exporter = state.takeExporter();
    if (exporter == null) {
      return;
    }
    Runnable close =
        () -> {
          try {
            exporter.close();
          } catch (Throwable t) {
            AgentLog.warn("closing the span exporter failed", t);
          }
        };
    Thread closer = new Thread(null, close, "langfuse-agent-exporter-close", 0, false);
    closer.setDaemon(true);
    closer.setContextClassLoader(null);
    try {
      closer.start();
    } catch (Throwable t) {
      close.run();
      return;
    }
    join(closer, TimeUnit.MILLISECONDS.toNanos(STOP_MARGIN_MILLIS));
    if (closer.isAlive()) {
      AgentLog.warn(
          "closing the span exporter did not finish within " + STOP_MARGIN_MILLIS + " ms");
    }
  }

  /** Takes the lifecycle lock, waiting at most until {@code deadline}. */
  private boolean lockBefore(long deadline) {
    try {
      return lifecycleLock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return lifecycleLock.tryLock();
    }
  }

  private static void join(Thread thread, long nanos) {
    if (nanos <= 0) {
      return;
    }
    try {
      TimeUnit.NANOSECONDS.timedJoin(thread, nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
