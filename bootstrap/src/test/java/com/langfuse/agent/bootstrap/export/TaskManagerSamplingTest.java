package com.langfuse.agent.bootstrap.export;

import static com.langfuse.agent.bootstrap.export.ExportTesting.config;
import static com.langfuse.agent.bootstrap.export.ExportTesting.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.TraceSampler;
import com.langfuse.agent.bootstrap.trace.Tracer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaskManagerSamplingTest {

  private final FakeExporters exporters = new FakeExporters();
  private final AgentStats stats = new AgentStats();
  private final TaskManager taskManager = new TaskManager(config(), exporters, stats);

  @AfterEach
  void shutDown() {
    Tracer.setSampler(TraceSampler.ALWAYS);
    taskManager.shutdown(1_000);
  }

  @Test
  void sampledOutSpanCountedNotQueued() {
    taskManager.accept(sampledOutSpan());

    assertThat(stats.sampledOut()).isEqualTo(1);
    assertThat(stats.enqueued()).isZero();
    assertThat(stats.droppedTotal()).isZero();
    assertThat(taskManager.queuedSpans()).isZero();
    assertThat(exporters.created).isEmpty();
  }

  @Test
  void everySpanAccountedFor() {
    taskManager.accept(span("kept-1"));
    taskManager.accept(sampledOutSpan());
    taskManager.accept(span("kept-2"));
    taskManager.accept(sampledOutSpan());
    assertThat(taskManager.flush(5_000)).isTrue();

    long created = 4;
    assertThat(stats.exported() + stats.droppedTotal() + stats.sampledOut()).isEqualTo(created);
    assertThat(stats.sampledOut()).isEqualTo(2);
  }

  @Test
  void summaryShowsSampledOut() {
    taskManager.accept(sampledOutSpan());

    assertThat(stats.summary()).isEqualTo("exported=0 dropped=0 sampled_out=1 failed_requests=0 retries=0");
  }

  /** Returns a span of a trace that the sampler rejected; it is never ended, like {@code span}. */
  private static SpanData sampledOutSpan() {
    Tracer.setSampler(new TraceSampler(0.0));
    try {
      return Tracer.startSpan("chat", LangfuseAttributes.TYPE_GENERATION, SpanData.KIND_CLIENT);
    } finally {
      Tracer.setSampler(TraceSampler.ALWAYS);
    }
  }
}
