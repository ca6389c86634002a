package com.langfuse.agent.benchmarks;

import com.langfuse.agent.bootstrap.export.AgentStats;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.internal.exporter.OtlpHttpExporter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * Prints how many typical generation spans per second of the exporting thread's CPU time are
 * encoded, compressed and sent to a loopback sink, the work of {@link ExportBenchmark}'s {@code
 * encodeAndSend}. It counts the thread's CPU clock instead of wall time, so the figure stays close
 * to that of an idle machine when other work shares the cores. The sink runs on another thread,
 * and its work is not counted.
 *
 * <p>Usage: {@code ExportCpu [batches per round, default 200] [rounds, default 5]}, with {@value
 * ExportBenchmark#BATCH} spans per batch. The first round is warm-up.
 */
public final class ExportCpu {

  private ExportCpu() {}

  public static void main(String[] args) {
    int batches = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    AgentStats stats = new AgentStats();

    try (LoopbackSink sink = LoopbackSink.accepting()) {
      OtlpHttpExporter exporter = new OtlpHttpExporter(BenchmarkAgent.config(sink.baseUrl()));
      try {
        for (int round = 0; round <= rounds; round++) {
          long cpu = 0;
          long wall = 0;
          long spans = 0;
          for (int b = 0; b < batches; b++) {
            List<SpanData> batch = ChatFixtures.generationSpans(ExportBenchmark.BATCH);
            long cpuStart = threads.getCurrentThreadCpuTime();
            long wallStart = System.nanoTime();
            spans += ExportBenchmark.encodeAndSend(exporter, batch, stats);
            cpu += threads.getCurrentThreadCpuTime() - cpuStart;
            wall += System.nanoTime() - wallStart;
          }
          System.out.printf(
              "%s %d: %.0f spans per CPU second, %.0f spans per wall second%n",
              round == 0 ? "warm-up" : "round",
              round,
              spans * 1e9 / cpu,
              spans * 1e9 / wall);
        }
        System.out.println(
            "sink requests=" + sink.requests() + " compressed bytes=" + sink.bodyBytes());
      } finally {
        exporter.close();
      }
    }
  }
}
