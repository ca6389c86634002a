package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.ConcurrentDefinesApp;
import com.langfuse.agent.it.support.AskerRuns;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link ConcurrentDefinesApp} defines classes from several threads at once, each with its own copy
 * of the OpenAI SDK, while the main thread loads the SDK: every call must be traced exactly once,
 * by one generation, and the application must finish (no deadlock).
 */
class ConcurrentDefinesTest {

  private static final int THREADS = ConcurrentDefinesApp.THREADS;

  @Test
  void concurrentDefinitionsTracedOnce() throws Exception {
    assertTracedOnce(new ChildJvm());
  }

  @Test
  void concurrentDefinitionsTracedOnceOnJava25() throws Exception {
    assertTracedOnce(ChildJvm.onJava25());
  }

  private static void assertTracedOnce(ChildJvm jvm) throws Exception {
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver =
            new OtlpReceiver(AskerRuns.PUBLIC_KEY, AskerRuns.SECRET_KEY).start()) {
      ChildJvm.Result run =
          AskerRuns.traced(jvm, provider, receiver, AskerRuns.DEFINED_ASKER)
              .run(ConcurrentDefinesApp.class, sdkClassPath());
      List<ReceivedSpan> spans = receiver.awaitSpans(2 * THREADS + 1, Duration.ofSeconds(30));

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.stdout()).as(run.toString()).contains("failures=0");
      assertThat(run.stderr()).contains("class definitions hooked");
      assertThat(provider.requests()).hasSize(THREADS + 1);
      List<ReceivedSpan> generations =
          spans.stream()
              .filter(span -> "generation".equals(span.attr("langfuse.observation.type")))
              .collect(Collectors.toList());
      assertThat(generations).as(spans.toString()).hasSize(THREADS + 1);
      for (int i = 0; i < THREADS; i++) {
        String thread = "thread " + i;
        List<ReceivedSpan> methods =
            spans.stream()
                .filter(span -> span.name().equals("Asker.ask"))
                .filter(
                    span ->
                        String.valueOf(span.attr("langfuse.observation.input")).contains(thread))
                .collect(Collectors.toList());
        assertThat(methods).as(thread + " in " + spans).hasSize(1);
        List<ReceivedSpan> children =
            generations.stream()
                .filter(span -> methods.get(0).spanId().equals(span.parentSpanId()))
                .collect(Collectors.toList());
        assertThat(children).as(thread + " in " + spans).hasSize(1);
      }
      assertThat(spans).as(spans.toString()).hasSize(2 * THREADS + 1);
    }
  }

  /** Returns the test class path without the test classes, which has the SDK and what it needs. */
  private static String sdkClassPath() {
    String path =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> entries = new ArrayList<>();
    for (String entry : path.split(File.pathSeparator)) {
      if (entry.endsWith(".jar") && !entry.contains("langfuse-agent")) {
        entries.add(entry);
      }
    }
    return String.join(File.pathSeparator, entries);
  }
}
