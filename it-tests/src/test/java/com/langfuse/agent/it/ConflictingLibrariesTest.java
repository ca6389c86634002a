package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.ConflictingLibrariesApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.it.support.SdkVersions;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An application that bundles OkHttp 3.14, Jackson 2.10, Kotlin 1.3 and Byte Buddy 1.10, older
 * than and incompatible with the versions inside the agent, runs unchanged with the agent, and
 * the agent still exports through its own copies.
 */
class ConflictingLibrariesTest {

  @Test
  void appWithOldLibrariesRunsAndAgentExports() throws Exception {
    String classPath = SdkVersions.conflictingLibraries();
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver = new OtlpReceiver("pk-lf-conflicts", "sk-lf-conflicts").start()) {
      ChildJvm.Result withAgent =
          new ChildJvm()
              .classPath(classPath)
              .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
              .env("LANGFUSE_PUBLIC_KEY", "pk-lf-conflicts")
              .env("LANGFUSE_SECRET_KEY", "sk-lf-conflicts")
              .env("LANGFUSE_BASE_URL", receiver.baseUrl())
              .run(ConflictingLibrariesApp.class);
      ChildJvm.Result withoutAgent =
          new ChildJvm()
              .classPath(classPath)
              .withoutAgent()
              .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
              .run(ConflictingLibrariesApp.class);

      assertThat(withAgent.exitCode()).as(withAgent.toString()).isZero();
      assertThat(withAgent.stdout())
          .contains("okhttp okhttp/3.14.9")
          .contains("jackson 2.10.5")
          .contains("kotlin 1.3.72")
          .contains("answer Atlantic Ocean")
          .contains("byte-buddy generated com.example.Generated")
          .isEqualTo(withoutAgent.stdout());
      assertThat(withAgent.stderr()).doesNotContain("WARN").doesNotContain("ERROR");
      List<ReceivedSpan> spans = receiver.awaitSpans(1, Duration.ofSeconds(30));
      assertThat(spans).extracting(ReceivedSpan::name).containsExactly("conflicting libraries");
      assertThat(receiver.violations()).isEmpty();
    }
  }
}
