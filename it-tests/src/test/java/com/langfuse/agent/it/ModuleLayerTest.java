package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.support.AskerRuns;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application on the module path, with the OpenAI SDK as automatic modules, and a module that
 * the application defines in a child {@code ModuleLayer}. The agent learns the module of a class
 * that {@code ClassLoader.defineClass} defines only from the JVM, once the class exists, and advice
 * in a named module needs a read edge to the agent's bridge: without one, the advice fails and the
 * call goes untraced. The modules are compiled from {@code src/test/modules}.
 */
class ModuleLayerTest {

  private static final Path MODULE_SOURCES = Path.of("src/test/modules");

  @Test
  void bothLayersTraced(@TempDir Path directory) throws Exception {
    assertBothLayersTraced(new ChildJvm(), directory);
  }

  @Test
  void bothLayersTracedOnJava25(@TempDir Path directory) throws Exception {
    assertBothLayersTraced(ChildJvm.onJava25(), directory);
  }

  private static void assertBothLayersTraced(ChildJvm jvm, Path directory) throws Exception {
    List<String> sdkJars = new ArrayList<>();
    List<String> otherJars = new ArrayList<>();
    for (String entry : testClassPath()) {
      String fileName = Path.of(entry).getFileName().toString();
      (fileName.startsWith("openai-java") ? sdkJars : otherJars).add(entry);
    }
    Path application = compile("example.modular", directory, sdkJars, otherJars);
    Path layered = compile("example.layered", directory, sdkJars, otherJars);
    List<String> modulePath = new ArrayList<>(sdkJars);
    modulePath.add(0, application.toString());

    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver =
            new OtlpReceiver(AskerRuns.PUBLIC_KEY, AskerRuns.SECRET_KEY).start()) {
      ChildJvm.Result run =
          AskerRuns.traced(
                  jvm, provider, receiver, "example.modular.Asker#ask;example.layered.Asker#ask")
              .jvmArgument("--module-path=" + String.join(File.pathSeparator, modulePath))
              .classPath(String.join(File.pathSeparator, otherJars))
              // ChildJvm puts the main class after -cp, where the launcher takes --module too.
              .run("--module=example.modular/example.modular.Main", layered.toString());
      List<ReceivedSpan> spans = receiver.awaitSpans(4, Duration.ofSeconds(30));

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.stdout()).contains("defined in module example.layered of a child layer");
      assertThat(run.stderr()).contains("class definitions hooked");
      for (String where : List.of("boot layer", "child layer")) {
        List<ReceivedSpan> methods =
            spans.stream()
                .filter(span -> span.name().equals("Asker.ask"))
                .filter(span -> inputOf(span).contains(where))
                .collect(Collectors.toList());
        assertThat(methods).as(where + " in " + spans).hasSize(1);
        List<ReceivedSpan> generations =
            spans.stream()
                .filter(span -> methods.get(0).spanId().equals(span.parentSpanId()))
                .filter(span -> "generation".equals(span.attr("langfuse.observation.type")))
                .collect(Collectors.toList());
        assertThat(generations).as(where + " in " + spans).hasSize(1);
      }
    }
  }

  /** Compiles the module {@code name} from {@link #MODULE_SOURCES} and returns its directory. */
  private static Path compile(
      String name, Path directory, List<String> sdkJars, List<String> others) throws IOException {
    Path output = directory.resolve(name);
    List<String> arguments = new ArrayList<>();
    arguments.addAll(
        List.of(
            "-d",
            output.toString(),
            "--module-path",
            String.join(File.pathSeparator, sdkJars),
            "--class-path",
            String.join(File.pathSeparator, others)));
    try (Stream<Path> files = Files.walk(MODULE_SOURCES.resolve(name))) {
      files
          .filter(file -> file.toString().endsWith(".java"))
          .forEach(file -> arguments.add(file.toString()));
    }
    int status =
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, arguments.toArray(new String[0]));
    assertThat(status).as("javac exit status for " + name).isZero();
    return output;
  }

  private static String inputOf(ReceivedSpan span) {
    return String.valueOf(span.attr("langfuse.observation.input"));
  }

  private static List<String> testClassPath() {
    String path =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> entries = new ArrayList<>();
    for (String entry : path.split(File.pathSeparator)) {
      if (!entry.isEmpty()
          && !entry.contains("langfuse-agent-bootstrap")
          && !entry.endsWith("langfuse-agent.jar")) {
        entries.add(entry);
      }
    }
    return entries;
  }
}
