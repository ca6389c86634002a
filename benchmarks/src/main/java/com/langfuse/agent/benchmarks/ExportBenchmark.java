package com.langfuse.agent.benchmarks;

import com.langfuse.agent.bootstrap.export.AgentStats;
import com.langfuse.agent.bootstrap.export.ExportRequest;
import com.langfuse.agent.bootstrap.export.SendResult;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.internal.exporter.OtlpHttpExporter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The consumer thread's work on one batch of {@value #BATCH} typical generation spans:
 * resolve the deferred request and response JSON, encode OTLP/JSON, gzip, and POST to a loopback
 * sink that discards the body. Scores are spans per second (one operation is one span). The spans
 * are made fresh before each batch by traced chat calls, so every batch resolves its deferred
 * attributes as in production.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ExportBenchmark {

  /** The default LANGFUSE_FLUSH_AT: spans per export batch. */
  static final int BATCH = 512;

  private LoopbackSink sink;
  private OtlpHttpExporter exporter;
  private final AgentStats stats = new AgentStats();
  private List<SpanData> batch;

  @Setup(Level.Trial)
  public void setUp() {
    sink = LoopbackSink.accepting();
    exporter = new OtlpHttpExporter(BenchmarkAgent.config(sink.baseUrl()));
  }

  @Setup(Level.Invocation)
  public void makeBatch() {
    batch = ChatFixtures.generationSpans(BATCH);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    exporter.close();
    sink.close();
    System.out.println(
        "sink requests=" + sink.requests() + " compressed bytes=" + sink.bodyBytes());
  }

  /** Encodes and compresses one batch without sending it. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<ExportRequest> encode() {
    return exporter.encode(batch, stats);
  }

  /** Encodes, compresses and sends one batch, as the consumer thread does. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int encodeAndSend() {
    return encodeAndSend(exporter, batch, stats);
  }

  /** Encodes {@code batch} and sends each request; returns the number of spans delivered. */
  static int encodeAndSend(OtlpHttpExporter exporter, List<SpanData> batch, AgentStats stats) {
    int sent = 0;
    for (ExportRequest request : exporter.encode(batch, stats)) {
      SendResult result = exporter.send(request);
      if (result.outcome() != SendResult.Outcome.SUCCESS) {
        throw new IllegalStateException("the loopback sink did not accept a request: " + result);
      }
      sent += request.spanCount();
    }
    return sent;
  }
}
