package com.langfuse.agent.bootstrap.export;

import static com.langfuse.agent.bootstrap.export.ExportTesting.FAST_BACKOFF;
import static com.langfuse.agent.bootstrap.export.ExportTesting.awaitTrue;
import static com.langfuse.agent.bootstrap.export.ExportTesting.config;
import static com.langfuse.agent.bootstrap.export.ExportTesting.span;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TaskManagerLifecycleTest {

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
  void shutdownDeliversQueuedSpans() {
    taskManager = new TaskManager(config("LANGFUSE_FLUSH_AT", "100"), exporters, stats);
    taskManager.accept(span("a"));
    taskManager.accept(span("b"));

    boolean delivered = taskManager.shutdown(5_000);

    assertThat(delivered).isTrue();
    assertThat(exporters.delivered).containsExactly("a", "b");
    assertThat(exporters.created.get(0).closed).isTrue();
    assertThat(taskManager.isShutdown()).isTrue();
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void shutdownBoundedWhileSendHangs() {
    taskManager = new TaskManager(config("LANGFUSE_FLUSH_AT", "3"), exporters, stats);
    exporters.respondWith(exporters.hangForever());
    for (int i = 0; i < 3; i++) {
      taskManager.accept(span("s" + i));
    }
    awaitTrue("the consumer is stuck in send", () -> exporters.sends.get() == 1);

    boolean delivered = taskManager.shutdown(300);

    assertThat(delivered).isFalse();
    assertThat(stats.dropped(DropReason.SHUTDOWN_TIMEOUT)).isEqualTo(3);
    assertThat(stats.exported()).isZero();
    assertThat(exporters.created.get(0).closed).isTrue();
  }

  @Test
  void abandonedConsumerCountsNothingLater() {
    taskManager = new TaskManager(config("LANGFUSE_FLUSH_AT", "1"), exporters, stats);
    CountDownLatch sendGate = new CountDownLatch(1);
    exporters.respondWith(
        (attempt, request) -> {
          awaitUninterruptibly(sendGate);
          return SendResult.success();
        });
    taskManager.accept(span("a"));
    awaitTrue("the consumer is stuck in send", () -> exporters.sends.get() == 1);
    taskManager.shutdown(100);

    sendGate.countDown();
    awaitTrue("the abandoned send returns", () -> exporters.deliveredCount() == 1);

    assertThat(taskManager.flush(1_000)).isFalse();
    assertThat(stats.dropped(DropReason.SHUTDOWN_TIMEOUT)).isEqualTo(1);
    assertThat(stats.exported()).isZero();
  }

  @Test
  void acceptAfterShutdownDropsAtOnce() {
    taskManager = new TaskManager(config(), exporters, stats);
    taskManager.shutdown(1_000);

    taskManager.accept(span("late"));

    assertThat(stats.dropped(DropReason.AFTER_SHUTDOWN)).isEqualTo(1);
    assertThat(taskManager.queuedSpans()).isZero();
    assertThat(exporters.created).isEmpty();
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  void flushAfterShutdownReturnsAtOnce() {
    taskManager = new TaskManager(config("LANGFUSE_FLUSH_AT", "100"), exporters, stats);
    taskManager.accept(span("a"));
    taskManager.shutdown(5_000);

    assertThat(taskManager.flush(60_000)).isTrue();
  }

  @Test
  void shutdownTwiceReturnsFirstResult() {
    taskManager = new TaskManager(config("LANGFUSE_FLUSH_AT", "100"), exporters, stats);
    exporters.respondWith((attempt, request) -> SendResult.rejected(400, "invalid"));
    taskManager.accept(span("a"));

    boolean first = taskManager.shutdown(5_000);
    boolean second = taskManager.shutdown(5_000);

    assertThat(first).isFalse();
    assertThat(second).isFalse();
    assertThat(exporters.sends.get()).isEqualTo(1);
  }

  @Test
  void consumerKilledByErrorRestarts() {
    taskManager = new TaskManager(config("LANGFUSE_FLUSH_AT", "2"), exporters, stats);
    exporters.respondWith(
        (attempt, request) -> {
          if (attempt == 0) {
            throw new ExporterBug("simulated exporter failure");
          }
          return SendResult.success();
        });
    taskManager.accept(span("a"));
    taskManager.accept(span("b"));
    awaitTrue("the consumer died", () -> exporters.sends.get() == 1);

    taskManager.accept(span("c"));
    taskManager.accept(span("d"));
    boolean flushed = taskManager.flush(5_000);

    assertThat(flushed).isTrue();
    assertThat(exporters.delivered).containsExactly("a", "b", "c", "d");
    assertThat(stats.consumerRestarts()).isEqualTo(1);
    assertThat(stats.exported()).isEqualTo(4);
  }

  @Test
  void batchThatKillsTwiceIsDropped() {
    taskManager = new TaskManager(config("LANGFUSE_FLUSH_AT", "100"), exporters, stats);
    exporters.failEncodeWith(new ExporterBug("simulated encoder failure"));
    taskManager.accept(span("poison"));

    boolean flushed = taskManager.flush(5_000);

    assertThat(flushed).isFalse();
    assertThat(exporters.encodes.get()).isEqualTo(2);
    assertThat(stats.dropped(DropReason.ENCODING_FAILED)).isEqualTo(1);
  }

  @Test
  void encodeExceptionDropsBatch() {
    taskManager = new TaskManager(config("LANGFUSE_FLUSH_AT", "100"), exporters, stats);
    exporters.failEncodeWith(new IllegalArgumentException("bad attribute"));
    taskManager.accept(span("a"));

    assertThat(taskManager.flush(5_000)).isFalse();
    assertThat(stats.dropped(DropReason.ENCODING_FAILED)).isEqualTo(1);
    assertThat(stats.consumerRestarts()).isZero();
  }

  @Test
  void pauseThenResumeDeliversBufferedSpans() {
    taskManager = new TaskManager(config("LANGFUSE_FLUSH_AT", "100"), exporters, stats);
    taskManager.accept(span("before"));

    boolean paused = taskManager.pause(5_000);
    taskManager.accept(span("while-paused-1"));
    taskManager.accept(span("while-paused-2"));
    boolean flushedWhilePaused = taskManager.flush(1_000);

    assertThat(paused).isTrue();
    assertThat(flushedWhilePaused).isFalse();
    assertThat(exporters.delivered).containsExactly("before");
    assertThat(exporters.created).hasSize(1);
    assertThat(exporters.created.get(0).closed).isTrue();
    assertThat(taskManager.queuedSpans()).isEqualTo(2);

    taskManager.resume();
    boolean flushed = taskManager.flush(5_000);

    assertThat(flushed).isTrue();
    assertThat(exporters.delivered).containsExactly("before", "while-paused-1", "while-paused-2");
    assertThat(exporters.created).hasSize(2);
    assertThat(exporters.created.get(1).closed).isFalse();
  }

  @Test
  void pauseAndResumeAreIdempotent() {
    taskManager = new TaskManager(config("LANGFUSE_FLUSH_AT", "100"), exporters, stats);
    taskManager.resume();
    taskManager.resume();

    assertThat(taskManager.pause(1_000)).isTrue();
    assertThat(taskManager.pause(1_000)).isTrue();
    taskManager.resume();
    taskManager.resume();
    taskManager.accept(span("a"));

    assertThat(taskManager.flush(5_000)).isTrue();
    assertThat(exporters.delivered).containsExactly("a");
  }

  @Test
  void pauseKeepsBatchWaitingToRetry() {
    taskManager = new TaskManager(config("LANGFUSE_FLUSH_AT", "1"), exporters, stats);
    exporters.respondWith(
        (attempt, request) ->
            attempt == 0 ? SendResult.retryable(503, 30_000, "unavailable") : SendResult.success());
    taskManager.accept(span("a"));
    awaitTrue("the first attempt failed", () -> exporters.sends.get() == 1);

    boolean paused = taskManager.pause(200);
    taskManager.resume();
    boolean flushed = taskManager.flush(5_000);

    assertThat(paused).isFalse();
    assertThat(flushed).isTrue();
    assertThat(exporters.delivered).containsExactly("a");
    assertThat(stats.dropped(DropReason.RETRIES_EXHAUSTED)).isZero();
  }

  @Test
  void concurrentAcceptsAllAccountedFor() throws Exception {
    taskManager =
        new TaskManager(
            config(
                "LANGFUSE_FLUSH_AT", "16",
                "LANGFUSE_FLUSH_INTERVAL", "0.005",
                "LANGFUSE_AGENT_MAX_QUEUE_SIZE", "64",
                "LANGFUSE_AGENT_MAX_RETRIES", "1"),
            exporters,
            stats,
            FAST_BACKOFF);
    exporters.respondWith(
        (attempt, request) -> {
          if (attempt % 7 == 3) {
            return SendResult.retryable(503, -1, "unavailable");
          }
          return attempt % 11 == 5 ? SendResult.rejected(400, "invalid") : SendResult.success();
        });
    int threads = 8;
    int spansPerThread = 2_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> producers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread producer =
          new Thread(
              () -> {
                awaitUninterruptibly(start);
                for (int i = 0; i < spansPerThread; i++) {
                  taskManager.accept(span("t" + thread + "-" + i));
                }
              });
      producer.start();
      producers.add(producer);
    }
    start.countDown();
    for (Thread producer : producers) {
      producer.join(20_000);
    }
    taskManager.shutdown(5_000);

    long created = (long) threads * spansPerThread;
    assertThat(stats.exported() + stats.droppedTotal()).isEqualTo(created);
    assertThat(stats.exported()).isEqualTo(exporters.deliveredCount());
    assertThat(taskManager.queuedSpans()).isZero();
    assertThat(taskManager.queuedBytes()).isZero();
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await(10, TimeUnit.SECONDS);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** An Error that no handler expects, like a bug or a missing class in the exporter. */
  private static final class ExporterBug extends Error {
    ExporterBug(String message) {
      super(message);
    }
  }
}
