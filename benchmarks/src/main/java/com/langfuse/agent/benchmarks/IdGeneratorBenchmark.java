package com.langfuse.agent.benchmarks;

import com.langfuse.agent.bootstrap.trace.IdGenerator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/** The cost of the ids every span gets on the application thread. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IdGeneratorBenchmark {

  @Benchmark
  public String traceId() {
    return IdGenerator.newTraceId();
  }

  @Benchmark
  public String spanId() {
    return IdGenerator.newSpanId();
  }
}
