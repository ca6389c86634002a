package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the Spring Boot example, an executable jar whose OpenAI SDK sits in a nested jar under
 * {@code BOOT-INF/lib}, with {@code java -javaagent:... -jar}. The SDK is loaded by Spring Boot's
 * own class loader, so this checks that the agent's helpers link against it there.
 */
class SpringBootJarTest {

  private static final Path JAR =
      Path.of(
          System.getProperty(
              "it.spring.boot.jar", "../examples/spring-boot-openai/target/spring-boot-openai.jar"));

  @Test
  void nestedJarAppIsTracedAndUnchanged() throws Exception {
    assertThat(Files.isRegularFile(JAR)).as("built Spring Boot example at " + JAR).isTrue();
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver = new OtlpReceiver("pk-lf-boot", "sk-lf-boot").start()) {
      ChildJvm.Result withAgent =
          new ChildJvm()
              .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
              .env("LANGFUSE_PUBLIC_KEY", "pk-lf-boot")
              .env("LANGFUSE_SECRET_KEY", "sk-lf-boot")
              .env("LANGFUSE_BASE_URL", receiver.baseUrl())
              .runJar(JAR);
      ChildJvm.Result withoutAgent =
          new ChildJvm().withoutAgent().env("OPENAI_BASE_URL", provider.openAiBaseUrl()).runJar(JAR);

      assertThat(withAgent.exitCode()).as(withAgent.toString()).isZero();
      assertThat(withAgent.stdout()).contains("chat: Atlantic Ocean").isEqualTo(withoutAgent.stdout());
      assertThat(withAgent.stderr()).doesNotContain("WARN").doesNotContain("ERROR");
      List<ReceivedSpan> spans = new ArrayList<>(receiver.awaitSpans(2, Duration.ofSeconds(30)));
      spans.sort(Comparator.comparingLong(ReceivedSpan::startNanos));
      assertThat(spans).extracting(span -> span.attr("langfuse.observation.type"))
          .containsExactly("generation", "generation");
      assertThat(spans.get(1).attr("langfuse.observation.completion_start_time")).isNotNull();
      assertThat(receiver.violations()).isEmpty();
    }
  }
}
