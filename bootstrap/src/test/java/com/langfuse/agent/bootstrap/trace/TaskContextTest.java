package com.langfuse.agent.bootstrap.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TaskContextTest {

  @BeforeEach
  void discardSpans() {
    Tracer.setSink(span -> {});
  }

  @AfterEach
  void removeSink() {
    Tracer.setSink(null);
  }

  @Test
  void noSpanLeavesTaskAlone() {
    Runnable task = () -> {};

    assertThat(TaskContext.wrap(task)).isSameAs(task);
  }

  @Test
  void wrappedRunnableRunsUnderSpan() {
    SpanData span = span();
    AtomicReference<SpanData> seen = new AtomicReference<>();
    Runnable wrapped;
    try (CurrentSpan.Scope ignored = CurrentSpan.makeCurrent(span)) {
      wrapped = TaskContext.wrap(() -> seen.set(CurrentSpan.get()));
    }

    wrapped.run();

    assertThat(seen.get()).isSameAs(span);
    assertThat(CurrentSpan.get()).isNull();
  }

  @Test
  void wrappedFutureTaskStaysFuture() throws Exception {
    SpanData span = span();
    AtomicReference<SpanData> seen = new AtomicReference<>();
    FutureTask<String> task =
        new FutureTask<>(
            () -> {
              seen.set(CurrentSpan.get());
              return "done";
            });
    Runnable wrapped;
    try (CurrentSpan.Scope ignored = CurrentSpan.makeCurrent(span)) {
      wrapped = TaskContext.wrap(task);
    }

    wrapped.run();

    assertThat(wrapped).isInstanceOf(Future.class);
    assertThat(((Future<?>) wrapped).get(1, TimeUnit.SECONDS)).isEqualTo("done");
    assertThat(((Future<?>) wrapped).isDone()).isTrue();
    assertThat(seen.get()).isSameAs(span);
  }

  @Test
  void wrappedFutureFailureAndCancelReachTask() {
    SpanData span = span();
    FutureTask<String> failing =
        new FutureTask<>(
            () -> {
              throw new IllegalStateException("task failed");
            });
    FutureTask<String> unstarted = new FutureTask<>(() -> "never");
    Runnable wrappedFailing;
    Runnable wrappedUnstarted;
    try (CurrentSpan.Scope ignored = CurrentSpan.makeCurrent(span)) {
      wrappedFailing = TaskContext.wrap(failing);
      wrappedUnstarted = TaskContext.wrap(unstarted);
    }

    wrappedFailing.run();
    boolean cancelled = ((Future<?>) wrappedUnstarted).cancel(false);

    assertThatThrownBy(() -> ((Future<?>) wrappedFailing).get())
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseMessage("task failed");
    assertThat(cancelled).isTrue();
    assertThat(unstarted.isCancelled()).isTrue();
    assertThat(((Future<?>) wrappedUnstarted).isCancelled()).isTrue();
  }

  @Test
  void wrapperNotWrappedTwice() {
    SpanData span = span();
    try (CurrentSpan.Scope ignored = CurrentSpan.makeCurrent(span)) {
      Runnable once = TaskContext.wrap(new FutureTask<>(() -> "x"));

      assertThat(TaskContext.wrap(once)).isSameAs(once);
    }
  }

  @Test
  void noSpanLeavesCollectionAlone() {
    List<Callable<String>> tasks = List.of(() -> "a");

    assertThat(TaskContext.wrapAll(tasks)).isSameAs(tasks);
  }

  @Test
  void wrappedCollectionRunsEachUnderSpan() throws Exception {
    SpanData span = span();
    List<SpanData> seen = new ArrayList<>();
    List<Callable<String>> tasks =
        List.of(
            () -> {
              seen.add(CurrentSpan.get());
              return "first";
            },
            () -> {
              seen.add(CurrentSpan.get());
              return "second";
            });
    Collection<?> wrapped;
    try (CurrentSpan.Scope ignored = CurrentSpan.makeCurrent(span)) {
      wrapped = TaskContext.wrapAll(tasks);
    }

    List<Object> results = new ArrayList<>();
    for (Object task : wrapped) {
      results.add(((Callable<?>) task).call());
    }

    assertThat(wrapped).isNotSameAs(tasks);
    assertThat(results).containsExactly("first", "second");
    assertThat(seen).containsExactly(span, span);
    assertThat(CurrentSpan.get()).isNull();
  }

  @Test
  void wrappedCollectionKeepsNullElement() {
    List<Callable<String>> tasks = new ArrayList<>();
    tasks.add(() -> "a");
    tasks.add(null);
    Collection<?> wrapped;
    try (CurrentSpan.Scope ignored = CurrentSpan.makeCurrent(span())) {
      wrapped = TaskContext.wrapAll(tasks);
    }

    assertThat(wrapped).hasSize(2);
    assertThat(new ArrayList<>(wrapped).get(1)).isNull();
  }

  private static SpanData span() {
    return Tracer.startSpan("step", LangfuseAttributes.TYPE_SPAN, SpanData.KIND_INTERNAL, null);
  }
}
