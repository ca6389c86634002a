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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent receives new classes through its change to {@code ClassLoader.defineClass} and keeps no
 * class file transformer registered. {@link DefinedClassesApp} defines a traced class through each
 * form of {@code defineClass}, and measures what defining 1,000 classes allocates: a registered
 * transformer makes the JVM copy each class file, about 8 MB more there.
 */
class ClassDefinitionsTest {

  private static final String HOOK_SWITCH =
      "LANGFUSE_AGENT_INSTRUMENTATION_CLASS_LOADER_HOOK_ENABLED";
  private static final long CLASS_FILE_BYTES =
      (long) DefinedClassesApp.GENERATED_CLASSES * DefinedClassesApp.PADDING_BYTES;

  @Test
  void classDefinedEachWayIsTraced() throws Exception {
    assertEachWayTraced(new ChildJvm());
  }

  @Test
  void classDefinedEachWayIsTracedOnJava25() throws Exception {
    String java25 = ChildJvm.java25Home();
    Assumptions.assumeTrue(java25 != null, "no Java 25 installed");
    assertEachWayTraced(new ChildJvm().javaHome(java25));
  }

  @Test
  void definingClassesCopiesNoClassFile() throws Exception {
    assertNoCopies(null);
  }

  @Test
  void definingClassesCopiesNoClassFileOnJava25() throws Exception {
    String java25 = ChildJvm.java25Home();
    Assumptions.assumeTrue(java25 != null, "no Java 25 installed");
    assertNoCopies(java25);
  }

  /**
   * An agent attached while the application runs retransforms {@code ClassLoader}, which drops the
   * agent's calls there. The agent registers its transformer again first, so the classes defined
   * afterwards are traced all the same.
   */
  @Test
  void agentAttachedLaterTakesTheTransformerBack(@TempDir Path directory) throws Exception {
    Path lateAgent = AskerRuns.lateAgentJar(directory, "late-agent.jar");
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver =
            new OtlpReceiver(AskerRuns.PUBLIC_KEY, AskerRuns.SECRET_KEY).start()) {
      ChildJvm.Result run =
          AskerRuns.attachable(new ChildJvm(), provider, receiver)
              .run(DefinedClassesApp.class, "late-agent", lateAgent.toString());
      List<ReceivedSpan> spans = receiver.awaitSpans(6, Duration.ofSeconds(30));

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.stdout()).contains("late agent retransformed ClassLoader");
      assertThat(run.stderr())
          .contains("class definitions hooked")
          .contains("another agent is attaching, so the class transformer is registered again");
      assertThat(generationInputs(spans)).as(spans.toString()).hasSize(3);
      assertThat(spans.stream().filter(span -> span.name().equals("Asker.ask")))
          .as(spans.toString())
          .hasSize(3);
    }
  }

  @Test
  void switchedOffHookKeepsTheTransformerAndTracing() throws Exception {
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver =
            new OtlpReceiver(AskerRuns.PUBLIC_KEY, AskerRuns.SECRET_KEY).start()) {
      ChildJvm.Result run =
          AskerRuns.traced(new ChildJvm(), provider, receiver, AskerRuns.DEFINED_ASKER)
              .env(HOOK_SWITCH, "false")
              .run(DefinedClassesApp.class, "trace");
      List<ReceivedSpan> spans = receiver.awaitSpans(6, Duration.ofSeconds(30));

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.stderr()).doesNotContain("class definitions hooked");
      assertThat(generationInputs(spans)).hasSize(3);
    }
  }

  private static void assertEachWayTraced(ChildJvm jvm) throws Exception {
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver =
            new OtlpReceiver(AskerRuns.PUBLIC_KEY, AskerRuns.SECRET_KEY).start()) {
      ChildJvm.Result run =
          AskerRuns.traced(jvm, provider, receiver, AskerRuns.DEFINED_ASKER)
              .run(DefinedClassesApp.class, "trace");
      List<ReceivedSpan> spans = receiver.awaitSpans(6, Duration.ofSeconds(30));

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.stdout()).contains("array: ").contains("offset: ").contains("direct: ");
      assertThat(run.stderr()).contains("class definitions hooked");
      assertThat(provider.requests()).hasSize(3);
      assertThat(spans).as(spans.toString()).hasSize(6);
      List<ReceivedSpan> methods =
          spans.stream()
              .filter(span -> span.name().equals("Asker.ask"))
              .collect(Collectors.toList());
      assertThat(methods).as(spans.toString()).hasSize(3);
      for (String way : List.of("array", "offset", "direct")) {
        ReceivedSpan method =
            methods.stream()
                .filter(
                    span -> String.valueOf(span.attr("langfuse.observation.input")).contains(way))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no method span for " + way + ": " + spans));
        List<ReceivedSpan> children =
            spans.stream()
                .filter(span -> method.spanId().equals(span.parentSpanId()))
                .collect(Collectors.toList());
        assertThat(children).as(way + " in " + spans).hasSize(1);
        assertThat(children.get(0).attr("langfuse.observation.type")).isEqualTo("generation");
        assertThat(String.valueOf(children.get(0).attr("langfuse.observation.input")))
            .contains("defined from " + way);
      }
    }
  }

  private static List<String> generationInputs(List<ReceivedSpan> spans) {
    return spans.stream()
        .filter(span -> "generation".equals(span.attr("langfuse.observation.type")))
        .map(span -> String.valueOf(span.attr("langfuse.observation.input")))
        .collect(Collectors.toList());
  }

  /**
   * Compares what defining the classes allocates without the agent, with it, and with the hook
   * switched off. The last run shows the copies that the measurement must be able to see.
   */
  private static void assertNoCopies(String javaHome) throws Exception {
    long without = allocated(jvm(javaHome).withoutAgent());
    long withAgent = allocated(jvm(javaHome));
    long withTransformer = allocated(jvm(javaHome).env(HOOK_SWITCH, "false"));

    assertThat(withTransformer - without)
        .as("the copies with a transformer registered")
        .isGreaterThan(CLASS_FILE_BYTES * 3 / 4);
    assertThat(withAgent - without)
        .as("what the agent adds to defining 1,000 classes of 8 KB")
        .isLessThan(CLASS_FILE_BYTES / 8);
  }

  private static ChildJvm jvm(String javaHome) {
    ChildJvm jvm =
        new ChildJvm()
            .env("LANGFUSE_PUBLIC_KEY", AskerRuns.PUBLIC_KEY)
            .env("LANGFUSE_SECRET_KEY", AskerRuns.SECRET_KEY)
            .env("LANGFUSE_BASE_URL", "http://127.0.0.1:9");
    return javaHome == null ? jvm : jvm.javaHome(javaHome);
  }

  private static long allocated(ChildJvm jvm) throws Exception {
    ChildJvm.Result run = jvm.run(DefinedClassesApp.class, "allocation");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    Matcher matcher = Pattern.compile("allocated=(\\d+)").matcher(run.stdout());
    assertThat(matcher.find()).as(run.toString()).isTrue();
    return Long.parseLong(matcher.group(1));
  }
}
