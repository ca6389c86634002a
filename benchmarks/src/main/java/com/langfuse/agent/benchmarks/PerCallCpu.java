package com.langfuse.agent.benchmarks;

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
 * <p>Usage: {@code PerCallCpu [calls per round, default 200000] [rounds, default 5]}. The first
 * round is warm-up. The export pipeline runs as in {@link OpenAiCallBenchmark}.
 */
public final class PerCallCpu {

  private PerCallCpu() {}

  public static void main(String[] args) {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    ChatCompletionCreateParams params = ChatFixtures.params();
    ChatCompletion completion = ChatFixtures.completion();

    try (LoopbackSink sink = LoopbackSink.accepting();
        BenchmarkAgent agent =
            new BenchmarkAgent(
                sink.baseUrl(), Map.of("LANGFUSE_AGENT_MAX_QUEUE_SIZE", "1000000"))) {
      for (int round = 0; round <= rounds; round++) {
        long cpuStart = threads.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        for (int i = 0; i < calls; i++) {
          if (ChatFixtures.tracedCall(params, completion) != completion) {
            throw new IllegalStateException("the traced call changed the returned completion");
          }
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
        long wall = System.nanoTime() - wallStart;
        System.out.printf(
            "%s %d: %.2f us CPU and %.2f us wall per traced chat call%n",
            round == 0 ? "warm-up" : "round",
            round,
            cpu / 1000.0 / calls,
            wall / 1000.0 / calls);
        agent.taskManager().flush(30_000);
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
