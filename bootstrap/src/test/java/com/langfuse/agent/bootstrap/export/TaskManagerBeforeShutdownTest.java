package com.langfuse.agent.bootstrap.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TaskManagerBeforeShutdownTest {

  @Test
  void actionSpanIsExportedAtShutdown() {
    FakeExporters exporters = new FakeExporters();
    TaskManager taskManager = new TaskManager(ExportTesting.config(), exporters, new AgentStats());
    taskManager.runBeforeShutdown(() -> taskManager.accept(ExportTesting.span("still-open")));

    boolean delivered = taskManager.shutdown(5_000);

    assertThat(delivered).isTrue();
    assertThat(exporters.delivered).containsExactly("still-open");
  }

  @Test
  void actionsRunOnceAcrossShutdowns() {
    TaskManager taskManager =
        new TaskManager(ExportTesting.config(), new FakeExporters(), new AgentStats());
    AtomicInteger runs = new AtomicInteger();
    taskManager.runBeforeShutdown(runs::incrementAndGet);

    taskManager.shutdown(1_000);
    taskManager.shutdown(1_000);

    assertThat(runs).hasValue(1);
  }

  @Test
  void failingActionDoesNotStopShutdown() {
    TaskManager taskManager =
        new TaskManager(ExportTesting.config(), new FakeExporters(), new AgentStats());
    AtomicInteger runs = new AtomicInteger();
    taskManager.runBeforeShutdown(
        () -> {
          throw new IllegalStateException("broken action");
        });
    taskManager.runBeforeShutdown(runs::incrementAndGet);

    taskManager.shutdown(1_000);

    assertThat(runs).hasValue(1);
    assertThat(taskManager.isShutdown()).isTrue();
  }
}
