package com.langfuse.agent.it.apps;

import com.example.lambda.LambdaHandlers;
import java.util.concurrent.TimeUnit;

/**
 * An application that kills the agent's exporter thread with {@code Thread.stop()}, as some
 * application servers and thread-cleaning libraries do to threads they do not own. {@code
 * Thread.stop()} works up to Java 19 and throws UnsupportedOperationException from Java 20 on.
 * Scenarios, by {@code args[0]}:
 *
 * <ul>
 *   <li>{@code stop-then-chat}: one OpenAI SDK call, kill the exporter thread, a second call, then
 *       print whether an exporter thread runs again;
 *   <li>{@code stop-then-exit}: one call, kill the exporter thread, and exit, leaving the span to
 *       the agent's shutdown hook.
 * </ul>
 */
public final class ConsumerDeathApp {

  private static final String QUESTION = "Which ocean contains Bouvet Island?";
  private static final String EXPORTER_THREAD = "langfuse-agent-exporter";
  private static final long WAIT_MILLIS = 30_000;

  private ConsumerDeathApp() {}

  public static void main(String[] args) throws Exception {
    LambdaHandlers.Chat handler = new LambdaHandlers.Chat();
    System.out.println("first answer " + handler.handleRequest(QUESTION, null));

    Thread exporter = awaitExporterThread();
    if (exporter == null) {
      throw new IllegalStateException("no thread named " + EXPORTER_THREAD + " started");
    }
    awaitParked(exporter);
    stop(exporter);
    exporter.join(WAIT_MILLIS);
    System.out.println("exporter stopped: " + !exporter.isAlive());

    if (args[0].equals("stop-then-chat")) {
      System.out.println("second answer " + handler.handleRequest(QUESTION, null));
      System.out.println("exporter running again: " + (awaitExporterThread() != null));
    } else if (!args[0].equals("stop-then-exit")) {
      throw new IllegalArgumentException("unknown scenario " + args[0]);
    }
  }

  @SuppressWarnings({"deprecation", "removal"})
  private static void stop(Thread thread) {
    thread.stop();
  }

  /**
   * Waits until {@code thread} waits for its next batch. A thread stopped before it enters its
   * run method dies without running any of the agent's code, so nothing could report it.
   */
  private static void awaitParked(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
    while (System.nanoTime() - deadline < 0) {
      Thread.State state = thread.getState();
      if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }

  /** Polls for a live exporter thread; returns null when none appears in time. */
  private static Thread awaitExporterThread() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
    while (System.nanoTime() - deadline < 0) {
      for (Thread thread : Thread.getAllStackTraces().keySet()) {
        if (thread.getName().equals(EXPORTER_THREAD) && thread.isAlive()) {
          return thread;
        }
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
    return null;
  }
}
