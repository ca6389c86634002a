package com.langfuse.agent.benchmarks;

import com.openai.core.http.HttpRequestBody;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The work the agent adds to the application thread for one chat completion call: the advice's
 * Bridge calls, the handler reading the SDK's request and response objects, span creation with ids
 * and attributes, and the enqueue into the TaskManager. The provider's network time is not part of
 * it, so the call is simulated by handing a recorded {@link ChatCompletion} to the exit advice.
 *
 * <p>The TaskManager exports to a loopback sink on its own thread meanwhile, as in production; its
 * queue is large enough that the consumer keeps up and spans are not dropped (the teardown prints
 * the counts).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class OpenAiCallBenchmark {

  private LoopbackSink sink;
  private BenchmarkAgent agent;
  private ChatCompletionCreateParams params;
  private ChatCompletion completion;
  private HttpRequestBody sentBody;

  @Setup(Level.Trial)
  public void setUp() {
    sink = LoopbackSink.accepting();
    agent =
        new BenchmarkAgent(
            sink.baseUrl(),
            Map.of("LANGFUSE_AGENT_MAX_QUEUE_SIZE", "100000", "LANGFUSE_FLUSH_INTERVAL", "1"));
    params = ChatFixtures.params();
    completion = ChatFixtures.completion();
    sentBody = ChatFixtures.sentBody(params);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    agent.close();
    sink.close();
    System.out.println(
        "enqueued="
            + agent.stats().enqueued()
            + " exported="
            + agent.stats().exported()
            + " sink requests="
            + sink.requests());
  }

  /** The traced call: what the inlined advice runs around the SDK's create method. */
  @Benchmark
  public Object tracedChatCall() {
    return ChatFixtures.tracedCall(params, completion, sentBody);
  }
}
