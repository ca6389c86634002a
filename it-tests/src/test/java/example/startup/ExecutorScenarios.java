package example.startup;

import com.langfuse.agent.it.apps.OpenAiTestClient;
import com.openai.client.OpenAIClient;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Application code that hands LLM calls to executors in the ways applications do. The tests name
 * {@link #runAll} in {@code LANGFUSE_TRACE_METHODS}; it lives outside the {@code
 * com.langfuse.agent} packages, which the agent never instruments.
 */
public final class ExecutorScenarios {

  private final OpenAIClient client;

  public ExecutorScenarios(OpenAIClient client) {
    this.client = client;
  }

  /** A pool that counts its executed tasks, as an application's subclass might. */
  public static final class CountingPool extends ThreadPoolExecutor {
    public final AtomicInteger executed = new AtomicInteger();

    public CountingPool(int threads) {
      super(threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
    }

    @Override
    public void execute(Runnable command) {
      executed.incrementAndGet();
      super.execute(command);
    }
  }

  /** Runs every scenario and returns one line "scenario: result" for each. */
  public List<String> runAll(CountingPool pool) throws Exception {
    String subclass = pool.submit(() -> ask("subclass")).get(60, TimeUnit.SECONDS);
    String common = ForkJoinPool.commonPool().submit(() -> ask("common")).get(60, TimeUnit.SECONDS);
    List<Callable<String>> all = List.of(() -> ask("invokeAll"));
    String invokeAll = ForkJoinPool.commonPool().invokeAll(all).get(0).get(60, TimeUnit.SECONDS);

    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    String scheduled;
    try {
      scheduled =
          scheduler
              .schedule(() -> ask("scheduled"), 10, TimeUnit.MILLISECONDS)
              .get(60, TimeUnit.SECONDS);
      String[] answer = new String[1];
      scheduler
          .submit(
              () -> {
                answer[0] = ask("submitToScheduler");
              })
          .get(60, TimeUnit.SECONDS);
      scheduled += ", " + answer[0];
    } finally {
      scheduler.shutdown();
    }

    String rejected = rejectedRunsOnCaller();
    return List.of(
        "subclass: " + subclass + " (executed " + pool.executed.get() + ")",
        "commonPool: " + common,
        "invokeAll: " + invokeAll,
        "scheduled: " + scheduled,
        "rejected: " + rejected);
  }

  /**
   * Fills a one-thread pool without a queue, so the second task is rejected and an application
   * handler runs it on the submitting thread.
   */
  private String rejectedRunsOnCaller() throws Exception {
    AtomicInteger rejections = new AtomicInteger();
    RejectedExecutionHandler handler =
        (task, executor) -> {
          rejections.incrementAndGet();
          task.run();
        };
    ThreadPoolExecutor single =
        new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new SynchronousQueue<>(), handler);
    CountDownLatch release = new CountDownLatch(1);
    try {
      single.execute(
          () -> {
            try {
              release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      Future<String> second = single.submit(() -> ask("rejected"));
      String answer = second.get(60, TimeUnit.SECONDS);
      return answer + " (rejections " + rejections.get() + ")";
    } finally {
      release.countDown();
      single.shutdown();
    }
  }

  public String ask(String question) {
    return OpenAiTestClient.ask(client, "question " + question);
  }
}
