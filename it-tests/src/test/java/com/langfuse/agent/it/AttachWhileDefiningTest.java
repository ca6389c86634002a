package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.AttachWhileDefiningApp;
import com.langfuse.agent.it.support.AskerRuns;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent attaches while other threads define classes: the agent hands class definitions back to
 * its transformer in the middle of them. No class may be changed twice (two method spans per call)
 * or missed (none).
 */
class AttachWhileDefiningTest {

  @Test
  void classesDefinedDuringAttachTracedOnce(@TempDir Path directory) throws Exception {
    assertTracedOnce(new ChildJvm(), directory);
  }

  @Test
  void classesDefinedDuringAttachTracedOnceOnJava25(@TempDir Path directory) throws Exception {
    assertTracedOnce(ChildJvm.onJava25(), directory);
  }

  private static void assertTracedOnce(ChildJvm jvm, Path directory) throws Exception {
    Path lateAgent = AskerRuns.lateAgentJar(directory, "late-agent.jar");
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver =
            new OtlpReceiver(AskerRuns.PUBLIC_KEY, AskerRuns.SECRET_KEY).start()) {
      ChildJvm.Result run =
          AskerRuns.attachable(jvm, provider, receiver)
              .run(AttachWhileDefiningApp.class, lateAgent.toString());
      Matcher counts = Pattern.compile("askers=(\\d+) failures=(\\d+)").matcher(run.stdout());
      assertThat(counts.find()).as(run.toString()).isTrue();
      int askers = Integer.parseInt(counts.group(1));
      List<ReceivedSpan> spans = receiver.awaitSpans(2 * askers, Duration.ofSeconds(30));

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(counts.group(2)).as(run.toString()).isEqualTo("0");
      assertThat(run.stdout()).contains("late agent retransformed ClassLoader");
      List<ReceivedSpan> methods =
          spans.stream()
              .filter(span -> span.name().equals("Asker.ask"))
              .collect(Collectors.toList());
      assertThat(methods).as("method spans").hasSize(askers);
      Set<String> methodIds =
          methods.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
      List<ReceivedSpan> generations =
          spans.stream()
              .filter(span -> "generation".equals(span.attr("langfuse.observation.type")))
              .collect(Collectors.toList());
      assertThat(generations).as("generations").hasSize(askers);
      assertThat(generations).allMatch(span -> methodIds.contains(span.parentSpanId()));
      assertThat(methods).noneMatch(span -> methodIds.contains(span.parentSpanId()));
      assertThat(spans).hasSize(2 * askers);
    }
  }
}
