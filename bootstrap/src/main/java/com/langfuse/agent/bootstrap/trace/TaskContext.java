package com.langfuse.agent.bootstrap.trace;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Carries the current span into tasks handed to another thread. The executor advice calls these
 * methods with the task as submitted. When a span is current, the task is replaced by a wrapper
 * that makes that span current while the task runs, so LLM calls made there become its children.
 * With no current span the task is returned unchanged, at the cost of one thread-local read.
 *
 * <p>NOTE: the executor then holds the wrapper, not the application's task, so {@code
 * ThreadPoolExecutor.remove(task)} does not find a wrapped task, and {@code shutdownNow()} and a
 * {@code RejectedExecutionHandler} see wrappers. A wrapped {@code RunnableFuture} (what {@code
 * submit} queues) stays a {@code RunnableFuture}, so casting it to {@code Future} still works.
 */
public final class TaskContext {

  private TaskContext() {}

  /** Returns {@code task}, wrapped to run under the current span when there is one. */
  public static Runnable wrap(Runnable task) {
    SpanData span = CurrentSpan.get();
    if (span == null
        || task == null
        || task instanceof ContextRunnable
        || task instanceof ContextRunnableFuture) {
      return task;
    }
    if (task instanceof RunnableFuture) {
      return new ContextRunnableFuture<>((RunnableFuture<?>) task, span);
    }
    return new ContextRunnable(task, span);
  }

  /** Returns {@code task}, wrapped to run under the current span when there is one. */
  public static <T> Callable<T> wrap(Callable<T> task) {
    SpanData span = CurrentSpan.get();
    if (span == null || task == null || task instanceof ContextCallable) {
      return task;
    }
    return new ContextCallable<>(task, span);
  }

  /**
   * Returns {@code tasks}, or a new list of the same tasks each wrapped as by {@link
   * #wrap(Callable)} when a span is current. {@code ForkJoinPool.invokeAll} calls it with the tasks
   * it is given. A null element stays null, so the pool still rejects it.
   */
  public static Collection<?> wrapAll(Collection<?> tasks) {
    if (tasks == null || tasks.isEmpty() || CurrentSpan.get() == null) {
      return tasks;
    }
    List<Object> wrapped = new ArrayList<>(tasks.size());
    for (Object task : tasks) {
      wrapped.add(task instanceof Callable ? wrap((Callable<?>) task) : task);
    }
    return wrapped;
  }

  /**
   * Same as {@link #wrap(Runnable)} for {@code ForkJoinPool.execute(Runnable)}, which runs a task
   * that is itself a {@link ForkJoinTask} as that task. Such tasks are left alone, so joining them
   * still works, except the completion tasks of {@link CompletableFuture}, which nobody joins.
   */
  public static Runnable wrapForkJoin(Runnable task) {
    if (task instanceof ForkJoinTask
        && !(task instanceof CompletableFuture.AsynchronousCompletionTask)) {
      return task;
    }
    return wrap(task);
  }

  /** A runnable that runs its task with the captured span current. */
  static final class ContextRunnable implements Runnable {
    private final Runnable task;
    private final SpanData span;

    ContextRunnable(Runnable task, SpanData span) {
      this.task = task;
      this.span = span;
    }

    @Override
    public void run() {
      try (CurrentSpan.Scope ignored = CurrentSpan.makeCurrent(span)) {
        task.run();
      }
    }

    @Override
    public String toString() {
      return task.toString();
    }
  }

  /**
   * A runnable future, such as the {@code FutureTask} that {@code submit} queues, that runs its
   * task with the captured span current and passes every {@link java.util.concurrent.Future} method
   * to the task. So code that casts a queued task to {@code Future}, as {@code afterExecute}
   * implementations and callers of {@code shutdownNow()} do, still reaches it.
   */
  static final class ContextRunnableFuture<V> implements RunnableFuture<V> {
    private final RunnableFuture<V> task;
    private final SpanData span;

    ContextRunnableFuture(RunnableFuture<V> task, SpanData span) {
      this.task = task;
      this.span = span;
    }

    @Override
    public void run() {
      try (CurrentSpan.Scope ignored = CurrentSpan.makeCurrent(span)) {
        task.run();
      }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return task.cancel(mayInterruptIfRunning);
    }

    @Override
    public boolean isCancelled() {
      return task.isCancelled();
    }

    @Override
    public boolean isDone() {
      return task.isDone();
    }

    @Override
    public V get() throws InterruptedException, ExecutionException {
      return task.get();
    }

    @Override
    public V get(long timeout, TimeUnit unit)
        throws InterruptedException, ExecutionException, TimeoutException {
      return task.get(timeout, unit);
    }

    @Override
    public String toString() {
      return task.toString();
    }
  }

  /** A callable that runs its task with the captured span current. */
  static final class ContextCallable<T> implements Callable<T> {
    private final Callable<T> task;
    private final SpanData span;

    ContextCallable(Callable<T> task, SpanData span) {
      this.task = task;
      this.span = span;
    }

    @Override
    public T call() throws Exception {
      try (CurrentSpan.Scope ignored = CurrentSpan.makeCurrent(span)) {
        return task.call();
      }
    }

    @Override
    public String toString() {
      return task.toString();
    }
  }
}
