package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.DefinedClassesApp;
import com.langfuse.agent.it.support.AskerRuns;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application attaches two agents to itself, the first of which retransforms {@code
 * ClassLoader} twice. The agent must take its transformer back once, on the first attach, and trace
 * each class defined afterwards exactly once.
 */
class LateAgentsTest {

  private static final String TAKEN_BACK =
      "another agent is attaching, so the class transformer is registered again";

  @Test
  void twoLateAgentsKeepTracingOnce(@TempDir Path directory) throws Exception {
    assertTracedOnce(new ChildJvm(), directory);
  }

  @Test
  void twoLateAgentsKeepTracingOnceOnJava25(@TempDir Path directory) throws Exception {
    assertTracedOnce(ChildJvm.onJava25(), directory);
  }

  private static void assertTracedOnce(ChildJvm jvm, Path directory) throws Exception {
    Path first = AskerRuns.lateAgentJar(directory, "first-agent.jar");
    Path second = AskerRuns.lateAgentJar(directory, "second-agent.jar");
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver =
            new OtlpReceiver(AskerRuns.PUBLIC_KEY, AskerRuns.SECRET_KEY).start()) {
      ChildJvm.Result run =
          AskerRuns.attachable(jvm, provider, receiver)
              .run(DefinedClassesApp.class, "late-agent", first + "=2", second.toString());
      List<ReceivedSpan> spans = receiver.awaitSpans(6, Duration.ofSeconds(30));

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.stdout().split("late agent retransformed ClassLoader", -1))
          .as(run.toString())
          .hasSize(3);
      assertThat(run.stderr()).contains("class definitions hooked");
      assertThat(run.stderr().split(TAKEN_BACK, -1)).as(run.toString()).hasSize(2);
      assertThat(spans.stream().filter(span -> span.name().equals("Asker.ask")))
          .as(spans.toString())
          .hasSize(3);
      assertThat(
              spans.stream()
                  .filter(span -> "generation".equals(span.attr("langfuse.observation.type"))))
          .as(spans.toString())
          .hasSize(3);
      assertThat(spans).as(spans.toString()).hasSize(6);
    }
  }
}
