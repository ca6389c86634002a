package example.startup;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A pool that reports the failures of submitted tasks in {@code afterExecute}, as the
 * ThreadPoolExecutor documentation shows: a task from {@code submit} is a {@link Future} whose
 * exception is read there. The tests name both public methods in {@code LANGFUSE_TRACE_METHODS}.
 */
public final class FailureLoggingPool extends ThreadPoolExecutor {

  private volatile String lastFailure = "none";

  public FailureLoggingPool() {
    super(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
  }

  @Override
  protected void afterExecute(Runnable task, Throwable thrown) {
    super.afterExecute(task, thrown);
    if (thrown == null && task instanceof Future<?> && ((Future<?>) task).isDone()) {
      try {
        ((Future<?>) task).get();
      } catch (CancellationException e) {
        thrown = e;
      } catch (ExecutionException e) {
        thrown = e.getCause();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (thrown != null) {
      lastFailure = thrown.toString();
    }
  }

  /** Submits a task that throws, waits for it, and returns what afterExecute reported. */
  public String submitFailing() throws Exception {
    Future<?> future =
        submit(
            () -> {
              throw new IllegalStateException("task failed");
            });
    try {
      future.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException expected) {
      // afterExecute runs after the future completes, so awaitReport waits for its report.
    }
    return awaitReport();
  }

  /** Queues tasks behind a blocked one, stops the pool and cancels what never ran. */
  public String cancelUnstarted() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    submit(
        () -> {
          started.countDown();
          return release.await(60, TimeUnit.SECONDS);
        });
    started.await(60, TimeUnit.SECONDS);
    submit(() -> "never runs");
    List<Runnable> unstarted = shutdownNow();
    release.countDown();
    int cancelled = 0;
    for (Runnable task : unstarted) {
      if (task instanceof Future<?> && ((Future<?>) task).cancel(false)) {
        cancelled++;
      }
    }
    return unstarted.size() + " unstarted, " + cancelled + " cancelled";
  }

  private String awaitReport() throws InterruptedException {
    for (int i = 0; i < 600 && lastFailure.equals("none"); i++) {
      Thread.sleep(10);
    }
    return lastFailure;
  }
}
