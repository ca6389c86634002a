package com.langfuse.agent.bootstrap.export;

import static com.langfuse.agent.bootstrap.export.ExportTesting.FAST_BACKOFF;
import static com.langfuse.agent.bootstrap.export.ExportTesting.config;
import static com.langfuse.agent.bootstrap.export.ExportTesting.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.bootstrap.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TaskManagerRetryTest {

  private final FakeExporters exporters = new FakeExporters();
  private final AgentStats stats = new AgentStats();
  private TaskManager taskManager;

  @AfterEach
  void shutDown() {
    AgentLog.setOutput(System.err);
    exporters.releaseHangingSends();
    if (taskManager != null) {
      taskManager.shutdown(1_000);
    }
  }

  @Test
  void retryableThenSuccessDeliversOnce() {
    taskManager = newTaskManager("LANGFUSE_AGENT_MAX_RETRIES", "3");
    exporters.respondWith(
        (attempt, request) ->
            attempt == 0 ? SendResult.retryable(503, -1, "unavailable") : SendResult.success());
    taskManager.accept(span("a"));
    taskManager.accept(span("b"));

    boolean flushed = taskManager.flush(5_000);

    assertThat(flushed).isTrue();
    assertThat(exporters.delivered).containsExactly("a", "b");
    assertThat(exporters.sends.get()).isEqualTo(2);
    assertThat(stats.exported()).isEqualTo(2);
    assertThat(stats.retries()).isEqualTo(1);
    assertThat(stats.requestsFailed()).isEqualTo(1);
    assertThat(stats.requestsSent()).isEqualTo(1);
  }

  @Test
  void retryAfterWaitsAtLeastAsAsked() {
    taskManager = newTaskManager("LANGFUSE_AGENT_MAX_RETRIES", "3");
    exporters.respondWith(
        (attempt, request) ->
            attempt == 0 ? SendResult.retryable(429, 200, "slow down") : SendResult.success());
    taskManager.accept(span("a"));

    boolean flushed = taskManager.flush(5_000);

    assertThat(flushed).isTrue();
    long gap = exporters.sendNanos.get(1) - exporters.sendNanos.get(0);
    assertThat(gap).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
  }

  @Test
  void retryAfterBeyondRetryTimeDrops() {
    taskManager = newTaskManager("LANGFUSE_AGENT_MAX_RETRY_TIME", "1");
    exporters.respondWith((attempt, request) -> SendResult.retryable(429, 60_000, "later"));
    taskManager.accept(span("a"));

    boolean flushed = taskManager.flush(5_000);

    assertThat(flushed).isFalse();
    assertThat(exporters.sends.get()).isEqualTo(1);
    assertThat(stats.dropped(DropReason.RETRIES_EXHAUSTED)).isEqualTo(1);
  }

  @Test
  void retriesExhaustedByCountDrops() {
    taskManager = newTaskManager("LANGFUSE_AGENT_MAX_RETRIES", "2");
    exporters.respondWith((attempt, request) -> SendResult.retryable(500, -1, "server error"));
    taskManager.accept(span("a"));
    taskManager.accept(span("b"));

    boolean flushed = taskManager.flush(5_000);

    assertThat(flushed).isFalse();
    assertThat(exporters.sends.get()).isEqualTo(3);
    assertThat(stats.retries()).isEqualTo(2);
    assertThat(stats.requestsFailed()).isEqualTo(3);
    assertThat(stats.dropped(DropReason.RETRIES_EXHAUSTED)).isEqualTo(2);
    assertThat(stats.exported()).isZero();
  }

  @Test
  void exporterExceptionRetriedAsNetworkError() {
    taskManager = newTaskManager("LANGFUSE_AGENT_MAX_RETRIES", "3");
    exporters.respondWith(
        (attempt, request) -> {
          if (attempt == 0) {
            throw new IllegalStateException("connection reset");
          }
          return SendResult.success();
        });
    taskManager.accept(span("a"));

    assertThat(taskManager.flush(5_000)).isTrue();
    assertThat(stats.retries()).isEqualTo(1);
  }

  @Test
  void rejectedNotRetried() {
    taskManager = newTaskManager("LANGFUSE_AGENT_MAX_RETRIES", "3");
    exporters.respondWith((attempt, request) -> SendResult.rejected(400, "invalid span"));
    taskManager.accept(span("a"));

    boolean flushed = taskManager.flush(5_000);

    assertThat(flushed).isFalse();
    assertThat(exporters.sends.get()).isEqualTo(1);
    assertThat(stats.retries()).isZero();
    assertThat(stats.dropped(DropReason.REJECTED)).isEqualTo(1);
  }

  @Test
  void unauthorizedNotRetriedAndLogged() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    AgentLog.setOutput(new PrintStream(log, true, StandardCharsets.UTF_8));
    taskManager = newTaskManager("LANGFUSE_AGENT_MAX_RETRIES", "3");
    exporters.respondWith((attempt, request) -> SendResult.unauthorized(401, "Unauthorized"));
    taskManager.accept(span("a"));

    boolean flushed = taskManager.flush(5_000);

    assertThat(flushed).isFalse();
    assertThat(exporters.sends.get()).isEqualTo(1);
    assertThat(stats.retries()).isZero();
    assertThat(stats.dropped(DropReason.UNAUTHORIZED)).isEqualTo(1);
    String output = log.toString(StandardCharsets.UTF_8);
    assertThat(output).contains("[langfuse-agent] ERROR ");
    assertThat(output)
        .contains("check LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY and the region in"
            + " LANGFUSE_BASE_URL");
    assertThat(output).contains("HTTP 401");
    assertThat(output).doesNotContain("sk-lf-test");
  }

  private TaskManager newTaskManager(String... settings) {
    String[] all = new String[settings.length + 2];
    all[0] = "LANGFUSE_FLUSH_AT";
    all[1] = "100";
    System.arraycopy(settings, 0, all, 2, settings.length);
    return new TaskManager(config(all), exporters, stats, FAST_BACKOFF);
  }
}
