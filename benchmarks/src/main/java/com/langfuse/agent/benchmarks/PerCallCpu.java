package com.langfuse.agent.benchmarks;

import com.openai.core.http.HttpRequestBody;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;

/**
 * Prints the CPU time that one traced chat call costs the calling thread, measured with the
 * thread's own CPU clock, which counts no time spent descheduled. On a machine shared with other
 * work, JMH's wall-clock scores grow with the load; this figure grows much less.
 *
 * <p>Usage: {@code PerCallCpu [calls per round, default 200000, a multiple of 1000] [rounds, default
 * 5]}. The first
 * round is warm-up. The export pipeline runs as in {@link OpenAiCallBenchmark}.
 */
public final class PerCallCpu {

  /** Calls between two flushes; far below the default queue limits of 2048 spans and 64 MiB. */
  private static final int CHUNK = 1000;

  private PerCallCpu() {}

  public static void main(String[] args) {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    ChatCompletionCreateParams params = ChatFixtures.params();
    ChatCompletion completion = ChatFixtures.completion();
    // One body for all calls: the SDK serializes each call's body, which is not the agent's cost.
    HttpRequestBody sentBody = ChatFixtures.sentBody(params);

    try (LoopbackSink sink = LoopbackSink.accepting();
        BenchmarkAgent agent =
            new BenchmarkAgent(sink.baseUrl(), Map.of())) {
      for (int round = 0; round <= rounds; round++) {
        long cpu = 0;
        long wall = 0;
        for (int done = 0; done < calls; done += CHUNK) {
          long cpuStart = threads.getCurrentThreadCpuTime();
          long wallStart = System.nanoTime();
          for (int i = 0; i < CHUNK; i++) {
            if (ChatFixtures.tracedCall(params, completion, sentBody) != completion) {
              throw new IllegalStateException("the traced call changed the returned completion");
            }
          }
          cpu += threads.getCurrentThreadCpuTime() - cpuStart;
          wall += System.nanoTime() - wallStart;
          // Untimed: lets the exporter catch up, so every measured call takes the enqueue path
          // and none the cheaper drop path of a full queue.
          agent.taskManager().flush(60_000);
        }
        System.out.printf(
            "%s %d: %.2f us CPU and %.2f us wall per traced chat call%n",
            round == 0 ? "warm-up" : "round",
            round,
            cpu / 1000.0 / calls,
            wall / 1000.0 / calls);
      }
      System.out.println(
          "enqueued="
              + agent.stats().enqueued()
              + " exported="
              + agent.stats().exported()
              + " dropped="
              + agent.stats().droppedTotal());
    }
  }
}
