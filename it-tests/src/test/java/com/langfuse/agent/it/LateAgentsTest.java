package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.DefinedClassesApp;
import com.langfuse.agent.it.apps.LateAgent;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.it.support.ManifestJar;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application attaches two agents to itself, the first of which retransforms {@code
 * ClassLoader} twice. The agent must take its transformer back once, on the first attach, and trace
 * each class defined afterwards exactly once.
 */
class LateAgentsTest {

  private static final String PUBLIC_KEY = "pk-lf-it-public";
  private static final String SECRET_KEY = "sk-lf-it-secret-never-logged";
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
    Map<String, String> manifest =
        Map.of("Agent-Class", LateAgent.class.getName(), "Can-Retransform-Classes", "true");
    Path first = ManifestJar.write(directory.resolve("first-agent.jar"), manifest);
    Path second = ManifestJar.write(directory.resolve("second-agent.jar"), manifest);
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result run =
          jvm.env("OPENAI_BASE_URL", provider.openAiBaseUrl())
              .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
              .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
              .env("LANGFUSE_BASE_URL", receiver.baseUrl())
              .env("LANGFUSE_FLUSH_INTERVAL", "0.2")
              .env("LANGFUSE_DEBUG", "true")
              .env("LANGFUSE_TRACE_METHODS", "example.defined.Asker#ask")
              .jvmArgument("-Djdk.attach.allowAttachSelf=true")
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
