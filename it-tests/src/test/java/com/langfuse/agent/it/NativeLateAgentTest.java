package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.DefinedClassesApp;
import com.langfuse.agent.it.support.AskerRuns;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A native agent attached while the application runs retransforms {@code ClassLoader}, which drops
 * the agent's calls without the JDK telling the agent. The agent must notice, register its
 * transformer again, and retransform the class defined in between, so that every call made
 * afterwards is traced. The agent is compiled from {@code src/test/native} with {@code gcc}.
 */
class NativeLateAgentTest {

  @Test
  void lostHookIsNoticedAndReplaced(@TempDir Path directory) throws Exception {
    assertReplaced(new ChildJvm(), compileNativeAgent(directory));
  }

  @Test
  void lostHookIsNoticedAndReplacedOnJava25(@TempDir Path directory) throws Exception {
    ChildJvm jvm = ChildJvm.onJava25();
    assertReplaced(jvm, compileNativeAgent(directory));
  }

  private static void assertReplaced(ChildJvm jvm, Path nativeAgent) throws Exception {
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver =
            new OtlpReceiver(AskerRuns.PUBLIC_KEY, AskerRuns.SECRET_KEY).start()) {
      ChildJvm.Result run =
          AskerRuns.attachable(jvm, provider, receiver)
              .run(DefinedClassesApp.class, "late-native", nativeAgent.toString());
      List<ReceivedSpan> spans = receiver.awaitSpans(8, Duration.ofSeconds(30));

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.stdout()).contains("native agent retransformed ClassLoader: error 0");
      assertThat(run.stdout()).contains("hook in place before: true");
      assertThat(run.stdout()).contains("hook in place after: false");
      assertThat(run.stderr())
          .contains("class definitions hooked")
          .contains("java.lang.ClassLoader no longer passes defined classes to the agent");
      for (String way : List.of("window", "array", "offset", "direct")) {
        List<ReceivedSpan> methods =
            spans.stream()
                .filter(span -> span.name().equals("Asker.ask"))
                .filter(
                    span -> String.valueOf(span.attr("langfuse.observation.input")).contains(way))
                .collect(Collectors.toList());
        assertThat(methods).as(way + " in " + spans).hasSize(1);
        List<ReceivedSpan> children =
            spans.stream()
                .filter(span -> methods.get(0).spanId().equals(span.parentSpanId()))
                .collect(Collectors.toList());
        assertThat(children).as(way + " in " + spans).hasSize(1);
      }
      assertThat(spans).as(spans.toString()).hasSize(8);
    }
  }

  /** Compiles the native agent with gcc, or skips the test where gcc is missing. */
  private static Path compileNativeAgent(Path directory) throws Exception {
    Path include = Path.of(System.getProperty("java.home"), "include");
    Assumptions.assumeTrue(
        Files.isRegularFile(include.resolve("jvmti.h")), "no jvmti.h in " + include);
    Path library = directory.resolve("libretransform.so");
    Process gcc;
    try {
      gcc =
          new ProcessBuilder(
                  "gcc",
                  "-shared",
                  "-fPIC",
                  "-I" + include,
                  "-I" + include.resolve("linux"),
                  "-o",
                  library.toString(),
                  Path.of("src/test/native/retransform_class_loader.c").toString())
              .inheritIO()
              .start();
    } catch (java.io.IOException noGcc) {
      Assumptions.abort("gcc is not installed: " + noGcc.getMessage());
      throw noGcc;
    }
    assertThat(gcc.waitFor(60, TimeUnit.SECONDS)).as("gcc finished").isTrue();
    assertThat(gcc.exitValue()).as("gcc exit status").isZero();
    return library;
  }
}
