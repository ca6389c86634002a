package com.langfuse.agent.benchmarks;

import com.langfuse.agent.bootstrap.trace.SpanData;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The latency of handing an ended span to the TaskManager, sampled per call so that JMH reports
 * percentiles (p0.999 is the target). With {@code langfuse=hung} the export endpoint accepts TCP
 * connections and never responds, so the queue fills and the consumer waits out timeouts and
 * retries, while the application keeps calling. With {@code accepting} it responds with 200.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class EnqueueBenchmark {

  @Param({"hung", "accepting"})
  public String langfuse;

  private LoopbackSink sink;
  private BenchmarkAgent agent;
  private SpanData span;

  @Setup(Level.Trial)
  public void setUp() {
    sink = "hung".equals(langfuse) ? LoopbackSink.hung() : LoopbackSink.accepting();
    // A short timeout and no retries keep the hung case's teardown short; enqueue never waits
    // for either.
    agent =
        new BenchmarkAgent(
            sink.baseUrl(), Map.of("LANGFUSE_TIMEOUT", "2", "LANGFUSE_AGENT_MAX_RETRIES", "0"));
    span = ChatFixtures.generationSpans(1).get(0);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    agent.close();
    sink.close();
    System.out.println(
        "enqueued=" + agent.stats().enqueued() + " exported=" + agent.stats().exported());
  }

  @Benchmark
  public void enqueue() {
    agent.taskManager().accept(span);
  }
}
