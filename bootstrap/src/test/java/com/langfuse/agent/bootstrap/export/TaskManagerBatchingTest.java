package com.langfuse.agent.bootstrap.export;

import static com.langfuse.agent.bootstrap.export.ExportTesting.awaitTrue;
import static com.langfuse.agent.bootstrap.export.ExportTesting.config;
import static com.langfuse.agent.bootstrap.export.ExportTesting.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.bootstrap.trace.SpanData;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TaskManagerBatchingTest {

  private final FakeExporters exporters = new FakeExporters();
  private final AgentStats stats = new AgentStats();
  private TaskManager taskManager;

  @AfterEach
  void shutDown() {
    exporters.releaseHangingSends();
    if (taskManager != null) {
      taskManager.shutdown(1_000);
    }
  }

  @Test
  void exporterCreatedLazilyOnConsumerThread() {
    taskManager = new TaskManager(config("LANGFUSE_FLUSH_AT", "1"), exporters, stats);
    assertThat(exporters.created).isEmpty();

    taskManager.accept(span("a"));
    awaitTrue("the span is delivered", () -> exporters.deliveredCount() == 1);

    assertThat(exporters.factoryThreads).containsExactly("langfuse-agent-exporter");
  }

  @Test
  void fullBatchSentWithoutFlush() {
    taskManager = new TaskManager(config("LANGFUSE_FLUSH_AT", "3"), exporters, stats);

    for (int i = 0; i < 6; i++) {
      taskManager.accept(span("s" + i));
    }

    awaitTrue("two batches are delivered", () -> exporters.deliveredCount() == 6);
    assertThat(exporters.deliveredBatchSizes).containsExactly(3, 3);
    assertThat(exporters.delivered).containsExactly("s0", "s1", "s2", "s3", "s4", "s5");
  }

  @Test
  void partialBatchSentAfterInterval() {
    taskManager =
        new TaskManager(
            config("LANGFUSE_FLUSH_AT", "100", "LANGFUSE_FLUSH_INTERVAL", "0.2"), exporters, stats);

    long acceptedAt = System.nanoTime();
    taskManager.accept(span("a"));
    taskManager.accept(span("b"));

    awaitTrue("the partial batch is delivered", () -> exporters.deliveredCount() == 2);
    assertThat(exporters.deliveredBatchSizes).containsExactly(2);
    assertThat(exporters.sendNanos.get(0) - acceptedAt)
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
  }

  @Test
  void flushReturnsTrueAfterDelivery() {
    taskManager = new TaskManager(config("LANGFUSE_FLUSH_AT", "100"), exporters, stats);
    for (int i = 0; i < 5; i++) {
      taskManager.accept(span("s" + i));
    }

    boolean flushed = taskManager.flush(5_000);

    assertThat(flushed).isTrue();
    assertThat(exporters.deliveredCount()).isEqualTo(5);
    assertThat(stats.exported()).isEqualTo(5);
  }

  @Test
  void flushWithNothingQueuedReturnsTrue() {
    taskManager = new TaskManager(config(), exporters, stats);

    assertThat(taskManager.flush(1_000)).isTrue();
    assertThat(exporters.created).isEmpty();
  }

  @Test
  void flushReturnsFalseOnTimeout() {
    taskManager = new TaskManager(config("LANGFUSE_FLUSH_AT", "100"), exporters, stats);
    exporters.respondWith(exporters.hangForever());
    taskManager.accept(span("a"));

    boolean flushed = taskManager.flush(100);

    assertThat(flushed).isFalse();
  }

  @Test
  void flushReturnsFalseWhenSpansDropped() {
    taskManager = new TaskManager(config("LANGFUSE_FLUSH_AT", "100"), exporters, stats);
    exporters.respondWith((attempt, request) -> SendResult.rejected(400, "invalid span"));
    taskManager.accept(span("a"));

    assertThat(taskManager.flush(5_000)).isFalse();
    assertThat(stats.dropped(DropReason.REJECTED)).isEqualTo(1);
  }

  @Test
  void flushFromTwoThreadsBothDeliver() throws Exception {
    taskManager = new TaskManager(config("LANGFUSE_FLUSH_AT", "100"), exporters, stats);
    CountDownLatch sendGate = new CountDownLatch(1);
    exporters.respondWith(
        (attempt, request) -> {
          awaitQuietly(sendGate);
          return SendResult.success();
        });
    for (int i = 0; i < 10; i++) {
      taskManager.accept(span("s" + i));
    }
    AtomicReference<Boolean> first = new AtomicReference<>();
    AtomicReference<Boolean> second = new AtomicReference<>();
    Thread firstFlusher = new Thread(() -> first.set(taskManager.flush(10_000)));
    Thread secondFlusher = new Thread(() -> second.set(taskManager.flush(10_000)));
    firstFlusher.start();
    secondFlusher.start();

    awaitTrue(
        "both flushes wait while the consumer sends",
        () ->
            exporters.sends.get() == 1
                && firstFlusher.getState() == Thread.State.TIMED_WAITING
                && secondFlusher.getState() == Thread.State.TIMED_WAITING);
    sendGate.countDown();
    firstFlusher.join(10_000);
    secondFlusher.join(10_000);

    assertThat(first.get()).isTrue();
    assertThat(second.get()).isTrue();
    assertThat(exporters.deliveredCount()).isEqualTo(10);
  }

  @Test
  void queueFullByCountDropsAndCounts() {
    taskManager =
        new TaskManager(
            config("LANGFUSE_FLUSH_AT", "100", "LANGFUSE_AGENT_MAX_QUEUE_SIZE", "4"),
            exporters,
            stats);

    for (int i = 0; i < 10; i++) {
      taskManager.accept(span("s" + i));
    }

    assertThat(taskManager.queuedSpans()).isEqualTo(4);
    assertThat(stats.dropped(DropReason.QUEUE_FULL)).isEqualTo(6);
    assertThat(stats.enqueued()).isEqualTo(4);
  }

  @Test
  void queueFullByBytesDropsAndCounts() {
    taskManager =
        new TaskManager(
            config("LANGFUSE_FLUSH_AT", "100", "LANGFUSE_AGENT_MAX_QUEUE_BYTES", "2048"),
            exporters,
            stats);
    SpanData first = spanWithPayload("first");
    SpanData second = spanWithPayload("second");

    taskManager.accept(first);
    taskManager.accept(second);

    assertThat(taskManager.queuedBytes()).isEqualTo(first.estimatedBytes());
    assertThat(taskManager.queuedSpans()).isEqualTo(1);
    assertThat(stats.dropped(DropReason.QUEUE_BYTES_FULL)).isEqualTo(1);
  }

  @Test
  void batchInFlightCountsAgainstByteBound() {
    taskManager =
        new TaskManager(
            config("LANGFUSE_FLUSH_AT", "1", "LANGFUSE_AGENT_MAX_QUEUE_BYTES", "2048"),
            exporters,
            stats);
    exporters.respondWith(exporters.hangForever());
    taskManager.accept(spanWithPayload("in flight"));
    ExportTesting.awaitTrue("the consumer is stuck in send", () -> exporters.sends.get() == 1);

    taskManager.accept(spanWithPayload("behind"));

    assertThat(taskManager.queuedSpans()).isZero();
    assertThat(stats.dropped(DropReason.QUEUE_BYTES_FULL)).isEqualTo(1);
  }

  @Test
  void queuedSpansDeliveredAfterQueueFull() {
    taskManager =
        new TaskManager(
            config("LANGFUSE_FLUSH_AT", "100", "LANGFUSE_AGENT_MAX_QUEUE_SIZE", "2"),
            exporters,
            stats);
    for (int i = 0; i < 5; i++) {
      taskManager.accept(span("s" + i));
    }

    boolean flushed = taskManager.flush(5_000);

    assertThat(flushed).isTrue();
    assertThat(exporters.delivered).containsExactly("s0", "s1");
    assertThat(taskManager.queuedSpans()).isZero();
    assertThat(taskManager.queuedBytes()).isZero();
  }

  private static SpanData spanWithPayload(String name) {
    SpanData span = span(name);
    span.setAttribute("payload", "x".repeat(1_000));
    return span;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
