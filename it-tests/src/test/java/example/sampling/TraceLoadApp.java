package example.sampling;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A plain application whose methods the sampling test names in {@code LANGFUSE_TRACE_METHODS}:
 * {@link #handle} becomes a trace root and each {@link #step} its child, one on the calling thread
 * and one on an executor thread, so every trace has three spans on two threads. It lives outside
 * the {@code com.langfuse.agent} packages, which the agent never instruments.
 */
public final class TraceLoadApp {

  private final ExecutorService workers = Executors.newFixedThreadPool(2);

  /** Runs {@code args[0]} traces, one after another, and prints how many ran. */
  public static void main(String[] args) throws Exception {
    int traces = Integer.parseInt(args[0]);
    TraceLoadApp app = new TraceLoadApp();
    long sum = 0;
    try {
      for (int i = 0; i < traces; i++) {
        sum += app.handle(i);
      }
    } finally {
      app.workers.shutdown();
      app.workers.awaitTermination(10, TimeUnit.SECONDS);
    }
    System.out.println("ran " + traces + " traces, sum " + sum);
  }

  /** Runs one step here and one on an executor thread, and waits for both. */
  public long handle(int request) throws Exception {
    long local = step(request, "caller");
    Future<Long> remote = workers.submit(() -> step(request, "executor"));
    return local + remote.get(10, TimeUnit.SECONDS);
  }

  public long step(int request, String where) {
    return request + where.length();
  }
}
