package com.langfuse.agent.bootstrap.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TraceGateTest {

  private final List<SpanData> exported = new CopyOnWriteArrayList<>();

  @BeforeEach
  void installSink() {
    Tracer.setSink(exported::add);
  }

  @AfterEach
  void removeSink() {
    Tracer.setSink(null);
  }

  @Test
  void rootWithoutGenerationIsDiscarded() {
    long discardedBefore = TraceGate.discardedSpans();
    SpanData root = gatedRoot();
    SpanData child = stepUnder(root);

    child.end();
    root.end();

    assertThat(exported).isEmpty();
    assertThat(TraceGate.discardedSpans() - discardedBefore).isEqualTo(2);
  }

  @Test
  void generationReleasesHeldSpans() {
    SpanData root = gatedRoot();
    SpanData step = stepUnder(root);
    step.end();
    assertThat(exported).isEmpty();

    SpanData generation = generationUnder(root);
    assertThat(exported).containsExactly(step);

    generation.end();
    root.end();
    assertThat(exported).containsExactly(step, generation, root);
  }

  @Test
  void generationStillRunningKeepsTrace() {
    SpanData root = gatedRoot();
    SpanData generation = generationUnder(root);

    root.end();
    generation.end();

    assertThat(exported).containsExactly(root, generation);
  }

  @Test
  void nestedGenerationOpensRootGate() {
    SpanData root = gatedRoot();
    SpanData step = stepUnder(root);
    SpanData generation = generationUnder(step);

    generation.end();
    step.end();
    root.end();

    assertThat(exported).containsExactly(generation, step, root);
  }

  @Test
  void spanEndingAfterClosedGateIsDiscarded() {
    SpanData root = gatedRoot();
    SpanData late = stepUnder(root);

    root.end();
    late.end();

    assertThat(exported).isEmpty();
  }

  @Test
  void generationAfterClosedGateIsExported() {
    SpanData root = gatedRoot();
    root.end();

    SpanData generation = generationUnder(root);
    generation.end();

    assertThat(exported).containsExactly(generation);
    assertThat(generation.parentSpanId()).isEqualTo(root.spanId());
  }

  @Test
  void heldSpansAreCappedPerTrace() {
    SpanData root = gatedRoot();
    for (int i = 0; i < TraceGate.MAX_HELD_PER_TRACE + 3; i++) {
      stepUnder(root).end();
    }

    generationUnder(root).end();

    assertThat(exported).hasSize(TraceGate.MAX_HELD_PER_TRACE + 1);
  }

  @Test
  void ungatedRootIsExportedAlone() {
    SpanData root = stepUnder(null);

    root.end();

    assertThat(exported).containsExactly(root);
  }

  @Test
  void taskContextCarriesSpanToExecutor() throws Exception {
    SpanData root = gatedRoot();
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (CurrentSpan.Scope ignored = CurrentSpan.makeCurrent(root)) {
      SpanData generation =
          executor
              .submit(
                  TaskContext.wrap(
                      () ->
                          Tracer.startSpan(
                              "chat", LangfuseAttributes.TYPE_GENERATION, SpanData.KIND_CLIENT)))
              .get(10, TimeUnit.SECONDS);
      generation.end();
      assertThat(generation.parentSpanId()).isEqualTo(root.spanId());
    } finally {
      executor.shutdown();
    }
    root.end();

    assertThat(exported).hasSize(2);
  }

  @Test
  void taskContextWithoutSpanKeepsTask() {
    Runnable task = () -> {};

    assertThat(TaskContext.wrap(task)).isSameAs(task);
  }

  private static SpanData gatedRoot() {
    SpanData root =
        Tracer.startSpan("GET /chat", LangfuseAttributes.TYPE_SPAN, SpanData.KIND_SERVER, null);
    TraceGate.attachTo(root);
    return root;
  }

  private static SpanData stepUnder(SpanData parent) {
    return Tracer.startSpan("step", LangfuseAttributes.TYPE_SPAN, SpanData.KIND_INTERNAL, parent);
  }

  private static SpanData generationUnder(SpanData parent) {
    return Tracer.startSpan(
        "chat gpt-4o-mini", LangfuseAttributes.TYPE_GENERATION, SpanData.KIND_CLIENT, parent);
  }
}
