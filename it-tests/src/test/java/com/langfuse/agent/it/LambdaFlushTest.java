package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.lambda.LambdaHandlers;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.it.support.LambdaRuntimeProcess;
import com.langfuse.agent.it.support.LambdaRuntimeProcess.Invocation;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import com.langfuse.agent.testing.ReceiverResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The flush at the end of each AWS Lambda invocation, with the packaged agent in a child JVM that
 * runs a simulated Lambda invocation loop ({@code LambdaRuntimeApp}) over the real handler
 * interfaces of {@code aws-lambda-java-core}; no AWS is involved. The batch interval is an hour,
 * so a span that reaches the receiver while the child waits for its next invocation was sent by
 * that flush.
 */
class LambdaFlushTest {

  private static final String PUBLIC_KEY = "pk-lf-it-lambda";
  private static final String SECRET_KEY = "sk-lf-it-lambda-secret";
  private static final String FUNCTION_NAME = "it-function";
  private static final String QUESTION = "Which ocean contains Bouvet Island?";
  private static final long MINUTE_LEFT = 60_000;

  /**
   * A bound far above the flush timeouts of the hang tests (1 second) and far below the export
   * request timeout (120 seconds), so it only separates a bounded flush from one that waits for
   * the request, even on a busy machine.
   */
  private static final long HANG_BOUND_MILLIS = 30_000;

  private FakeLlmProvider provider;
  private OtlpReceiver receiver;

  @BeforeEach
  void startServers() {
    provider = new FakeLlmProvider().start();
    receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start();
  }

  @AfterEach
  void stopServers() {
    provider.close();
    receiver.close();
  }

  @Test
  void generationDeliveredBeforeNextInvocation() throws Exception {
    try (LambdaRuntimeProcess lambda =
        LambdaRuntimeProcess.start(agentJvm(), LambdaHandlers.Chat.class, FUNCTION_NAME)) {
      Invocation first = lambda.invoke(MINUTE_LEFT, QUESTION);
      assertThat(first.returned()).as(first.toString()).isTrue();
      assertThat(first.text()).isEqualTo("Atlantic Ocean");
      assertThat(receiver.spans()).as(lambda.stderr()).hasSize(1);

      Invocation second = lambda.invoke(MINUTE_LEFT, QUESTION);
      assertThat(second.returned()).as(second.toString()).isTrue();
      assertThat(receiver.spans()).as(lambda.stderr()).hasSize(2);

      assertThat(lambda.exit()).isZero();
      assertThat(lambda.stderr())
          .containsPattern("INFO started .*instrumentations \\[.*aws-lambda.*\\]");
    }
    ReceivedSpan span = receiver.spans().get(0);
    assertThat(span.attr("langfuse.observation.type")).isEqualTo("generation");
    assertThat(span.json("langfuse.observation.output").path("content").asText())
        .isEqualTo("Atlantic Ocean");
    assertThat(receiver.requests()).hasSize(2);
  }

  @Test
  void throwingHandlerStillFlushes() throws Exception {
    try (LambdaRuntimeProcess lambda =
        LambdaRuntimeProcess.start(agentJvm(), LambdaHandlers.Failing.class, FUNCTION_NAME)) {
      Invocation failed = lambda.invoke(MINUTE_LEFT, QUESTION);
      assertThat(failed.returned()).as(failed.toString()).isFalse();
      assertThat(failed.text())
          .isEqualTo("java.lang.IllegalStateException: handler failed after its chat call");
      assertThat(receiver.spans()).as(lambda.stderr()).hasSize(1);
      assertThat(lambda.exit()).isZero();
    }
  }

  @Test
  void streamHandlerFlushes() throws Exception {
    try (LambdaRuntimeProcess lambda =
        LambdaRuntimeProcess.start(agentJvm(), LambdaHandlers.Stream.class, FUNCTION_NAME)) {
      Invocation invocation = lambda.invoke(MINUTE_LEFT, QUESTION);
      assertThat(invocation.returned()).as(invocation.toString()).isTrue();
      assertThat(invocation.text()).isEqualTo("Atlantic Ocean");
      assertThat(receiver.spans()).as(lambda.stderr()).hasSize(1);
      assertThat(lambda.exit()).isZero();
    }
  }

  @Test
  void nestedHandlersFlushOnce() throws Exception {
    try (LambdaRuntimeProcess lambda =
        LambdaRuntimeProcess.start(agentJvm(), LambdaHandlers.Outer.class, FUNCTION_NAME)) {
      Invocation invocation = lambda.invoke(MINUTE_LEFT, QUESTION);
      assertThat(invocation.returned()).as(invocation.toString()).isTrue();
      assertThat(invocation.text()).isEqualTo("Atlantic Ocean | Atlantic Ocean");
      // A flush after each inner call would have sent one request per generation.
      assertThat(receiver.spans()).as(lambda.stderr()).hasSize(2);
      assertThat(receiver.requests()).hasSize(1);
      assertThat(lambda.exit()).isZero();
    }
  }

  @Test
  void hangingReceiverBoundsInvocation() throws Exception {
    ChildJvm jvm =
        agentJvm()
            .env("LANGFUSE_AGENT_LAMBDA_FLUSH_TIMEOUT", "1")
            .env("LANGFUSE_AGENT_SHUTDOWN_TIMEOUT", "1");
    try (LambdaRuntimeProcess lambda =
        LambdaRuntimeProcess.start(jvm, LambdaHandlers.Chat.class, FUNCTION_NAME)) {
      warmUp(lambda);
      receiver.respondWith(ReceiverResponse.hang());

      Invocation invocation = lambda.invoke(MINUTE_LEFT, QUESTION);
      assertThat(invocation.returned()).as(invocation.toString()).isTrue();
      assertThat(invocation.text()).isEqualTo("Atlantic Ocean");
      assertThat(invocation.millis()).isLessThan(HANG_BOUND_MILLIS);
      assertThat(receiver.requests()).hasSize(2);

      assertThat(lambda.exit()).isZero();
      assertThat(lambda.stderr())
          .contains("flushing spans at the end of a Lambda invocation timed out after 1000 ms");
    }
  }

  @Test
  void flushCappedByRemainingTime() throws Exception {
    ChildJvm jvm =
        agentJvm()
            .env("LANGFUSE_AGENT_LAMBDA_FLUSH_TIMEOUT", "600")
            .env("LANGFUSE_AGENT_SHUTDOWN_TIMEOUT", "1");
    try (LambdaRuntimeProcess lambda =
        LambdaRuntimeProcess.start(jvm, LambdaHandlers.Chat.class, FUNCTION_NAME)) {
      warmUp(lambda);
      receiver.respondWith(ReceiverResponse.hang());

      Invocation invocation = lambda.invoke(2_000, QUESTION);
      assertThat(invocation.returned()).as(invocation.toString()).isTrue();
      assertThat(invocation.millis()).isLessThan(HANG_BOUND_MILLIS);

      assertThat(lambda.exit()).isZero();
      assertThat(lambda.stderr()).contains("half of the time the invocation had left");
    }
  }

  @Test
  void outsideLambdaNothingFlushed() throws Exception {
    try (LambdaRuntimeProcess lambda =
        LambdaRuntimeProcess.start(agentJvm(), LambdaHandlers.Chat.class, null)) {
      Invocation invocation = lambda.invoke(MINUTE_LEFT, QUESTION);
      assertThat(invocation.returned()).as(invocation.toString()).isTrue();
      assertThat(receiver.requests()).isEmpty();
      assertThat(lambda.exit()).isZero();
    }
    // The shutdown hook sends the generation, so it existed and only the flush was missing.
    assertThat(receiver.awaitSpans(1, Duration.ofSeconds(10))).hasSize(1);
  }

  @Test
  void switchedOffNothingFlushed() throws Exception {
    ChildJvm jvm = agentJvm().env("LANGFUSE_AGENT_INSTRUMENTATION_AWS_LAMBDA_ENABLED", "false");
    try (LambdaRuntimeProcess lambda =
        LambdaRuntimeProcess.start(jvm, LambdaHandlers.Chat.class, FUNCTION_NAME)) {
      Invocation invocation = lambda.invoke(MINUTE_LEFT, QUESTION);
      assertThat(invocation.returned()).as(invocation.toString()).isTrue();
      assertThat(receiver.requests()).isEmpty();
      assertThat(lambda.exit()).isZero();
      assertThat(lambda.stderr()).contains("instrumentation aws-lambda is switched off");
    }
  }

  /**
   * Runs one invocation that loads the SDK and opens the export connection, so that the timed
   * invocation after it measures the flush, not the start-up of a cold JVM. Its flush may time
   * out on a busy machine, so this waits until its span arrives.
   */
  private void warmUp(LambdaRuntimeProcess lambda) throws InterruptedException {
    Invocation warmUp = lambda.invoke(MINUTE_LEFT, QUESTION);
    assertThat(warmUp.returned()).as(warmUp.toString()).isTrue();
    assertThat(receiver.awaitSpans(1, Duration.ofSeconds(60))).hasSize(1);
  }

  /**
   * Returns a child with a one-hour batch interval and an export request timeout of two minutes,
   * so neither sends a span while a test looks. The flush and shutdown timeouts are generous
   * because a first export (class loading, connection set-up) is slow on a busy machine. Flush
   * and shutdown return as soon as everything is delivered, so they cost no time.
   */
  private ChildJvm agentJvm() {
    return new ChildJvm()
        .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
        .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
        .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
        .env("LANGFUSE_BASE_URL", receiver.baseUrl())
        .env("LANGFUSE_FLUSH_INTERVAL", "3600")
        .env("LANGFUSE_TIMEOUT", "120")
        .env("LANGFUSE_AGENT_LAMBDA_FLUSH_TIMEOUT", "60")
        .env("LANGFUSE_AGENT_SHUTDOWN_TIMEOUT", "60");
  }
}
