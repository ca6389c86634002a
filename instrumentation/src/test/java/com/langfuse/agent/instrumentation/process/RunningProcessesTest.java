package com.langfuse.agent.instrumentation.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.Tracer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs real processes ({@code sh} and {@code sleep}), so it needs a POSIX system. */
class RunningProcessesTest {

  private final BlockingQueue<SpanData> ended = new LinkedBlockingQueue<>();
  private final RunningProcesses running = new RunningProcesses(2);

  @BeforeEach
  void captureEndedSpans() {
    Tracer.setSink(ended::add);
  }

  @AfterEach
  void discardSpans() {
    Tracer.setSink(null);
  }

  @Test
  void exitCodeEndsSpan() throws Exception {
    SpanData span = span();
    Process process = new ProcessBuilder("sh", "-c", "exit 0").start();

    running.observe(span, process);

    assertThat(ended.poll(30, TimeUnit.SECONDS)).isSameAs(span);
    assertThat(span.attribute(RunningProcesses.EXIT_CODE)).isEqualTo(0L);
    assertThat(span.statusCode()).isEqualTo(SpanData.STATUS_UNSET);
  }

  @Test
  void nonZeroExitIsError() throws Exception {
    SpanData span = span();
    Process process = new ProcessBuilder("sh", "-c", "exit 3").start();

    running.observe(span, process);

    assertThat(ended.poll(30, TimeUnit.SECONDS)).isSameAs(span);
    assertThat(span.attribute(RunningProcesses.EXIT_CODE)).isEqualTo(3L);
    assertThat(span.statusCode()).isEqualTo(SpanData.STATUS_ERROR);
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_LEVEL)).isEqualTo("ERROR");
  }

  @Test
  void runningProcessEndsAtShutdown() throws Exception {
    SpanData span = span();
    Process process = new ProcessBuilder("sleep", "600").start();
    try {
      running.observe(span, process);

      running.endAll();

      assertThat(ended.poll(5, TimeUnit.SECONDS)).isSameAs(span);
      assertThat(span.attribute(RunningProcesses.STATE_METADATA))
          .isEqualTo("still running at shutdown");
      assertThat(span.attribute(LangfuseAttributes.OBSERVATION_LEVEL)).isEqualTo("WARNING");
      assertThat(running.size()).isZero();
    } finally {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(ended.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void processesBeyondLimitEndAtStart() throws Exception {
    Process[] sleepers = new Process[3];
    SpanData[] spans = {span(), span(), span()};
    try {
      for (int i = 0; i < sleepers.length; i++) {
        sleepers[i] = new ProcessBuilder("sleep", "600").start();
        running.observe(spans[i], sleepers[i]);
      }

      assertThat(ended.poll(5, TimeUnit.SECONDS)).isSameAs(spans[2]);
      assertThat(spans[2].attribute(RunningProcesses.STATE_METADATA))
          .isEqualTo("not observed: more than 2 running");
      assertThat(running.size()).isEqualTo(2);
    } finally {
      for (Process sleeper : sleepers) {
        if (sleeper != null) {
          sleeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
  }

  private static SpanData span() {
    return Tracer.startSpan("sh", LangfuseAttributes.TYPE_SPAN, SpanData.KIND_INTERNAL, null);
  }
}
