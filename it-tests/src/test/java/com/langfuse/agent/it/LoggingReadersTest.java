package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Context;
import com.langfuse.agent.it.apps.MdcFirstApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

/**
 * Applications that put a user id into their logging context before they log anything. The agent
 * reads a context only once the application has initialized it, and must then find the id. An
 * application that never logs must print the same output with the agent as without it.
 */
class LoggingReadersTest {

  private static final String PUBLIC_KEY = "pk-lf-it-public";
  private static final String SECRET_KEY = "sk-lf-it-secret-never-logged";
  private static final String USER_ID = "langfuse.user.id";

  @Test
  void slf4j17MdcBeforeFirstLog() throws Exception {
    TracedRun run = runTraced(new ChildJvm().classPath(slf4j17ClassPath()), "mdc");

    assertThat(run.span.attr(USER_ID)).isEqualTo("mdc-user");
    assertSameStderr(run.result, new ChildJvm().classPath(slf4j17ClassPath()), "mdc");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void slf4j2MdcBeforeFirstLog(boolean java25) throws Exception {
    TracedRun run = runTraced(jvm(java25), "mdc");

    assertThat(run.span.attr(USER_ID)).isEqualTo("mdc-user");
    assertSameStderr(run.result, jvm(java25), "mdc");
  }

  /**
   * Checks the MDC of SLF4J and Logback as named modules on the module path, whose private fields
   * the agent can read only once it opens their package to itself.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void slf4jOnModulePath(boolean java25) throws Exception {
    TracedRun run = runTraced(onModulePath(jvm(java25)), "mdc");

    assertThat(run.result.stderr()).doesNotContain("to the agent failed");
    assertThat(run.span.attr(USER_ID)).isEqualTo("mdc-user");
    assertSameStderr(run.result, onModulePath(jvm(java25)), "mdc");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void log4jThreadContextOnly(boolean java25) throws Exception {
    TracedRun run = runTraced(jvm(java25), "thread-context");

    assertThat(run.span.attr(USER_ID)).isEqualTo("thread-context-user");
    assertSameStderr(run.result, jvm(java25), "thread-context");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void appThatNeverLogs(boolean java25) throws Exception {
    TracedRun run = runTraced(jvm(java25), "none");

    assertThat(run.span.attr(USER_ID)).isNull();
    assertSameStderr(run.result, jvm(java25), "none");
  }

  @Test
  void slf4j17AppThatNeverLogs() throws Exception {
    TracedRun run = runTraced(new ChildJvm().classPath(slf4j17ClassPath()), "none");

    assertThat(run.span.attr(USER_ID)).isNull();
    assertSameStderr(run.result, new ChildJvm().classPath(slf4j17ClassPath()), "none");
  }

  /** Runs {@link MdcFirstApp} with the agent tracing its work method and returns that span. */
  private static TracedRun runTraced(ChildJvm jvm, String context) throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result run =
          jvm.env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
              .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
              .env("LANGFUSE_BASE_URL", receiver.baseUrl())
              .env("LANGFUSE_TRACE_METHODS", "example.readers.Work#run")
              .run(MdcFirstApp.class.getName(), context);
      List<ReceivedSpan> spans;
      try {
        spans = receiver.awaitSpans(1, Duration.ofSeconds(30));
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\nthe application: " + run, e);
      }

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.stdout()).as(run.toString()).contains("worked");
      assertThat(spans).as(spans.toString()).hasSize(1);
      assertThat(spans.get(0).name()).isEqualTo("Work.run");
      return new TracedRun(run, spans.get(0));
    }
  }

  /**
   * Checks that the application's output, without the agent's own lines and the JVM's class sharing
   * warnings, is the same as in a run without the agent.
   */
  private static void assertSameStderr(ChildJvm.Result traced, ChildJvm plain, String context)
      throws Exception {
    ChildJvm.Result untraced = plain.withoutAgent().run(MdcFirstApp.class.getName(), context);

    assertThat(untraced.exitCode()).as(untraced.toString()).isZero();
    assertThat(applicationLines(traced.stderr())).isEqualTo(applicationLines(untraced.stderr()));
    assertThat(applicationLines(traced.stdout())).isEqualTo(applicationLines(untraced.stdout()));
  }

  private static List<String> applicationLines(String output) {
    return output
        .lines()
        .filter(line -> !line.startsWith("[langfuse-agent]"))
        .filter(line -> !line.contains("Sharing is only supported for boot loader classes"))
        .filter(line -> !line.contains("[warning][cds]"))
        .collect(Collectors.toList());
  }

  /**
   * Returns a class path of the it-tests' compiled classes with SLF4J 1.7.36 and Logback 1.2.13, in
   * place of the SLF4J 2 and Log4j of the test class path.
   */
  private static String slf4j17ClassPath() throws IOException {
    Path directory = Path.of(System.getProperty("it.slf4j17.dir", "target/slf4j-1.7"));
    List<String> entries = new ArrayList<>(List.of(codeSource(MdcFirstApp.class)));
    for (String jar :
        List.of("slf4j-api-1.7.36.jar", "logback-classic-1.2.13.jar", "logback-core-1.2.13.jar")) {
      Path file = directory.resolve(jar);
      assertThat(file).as("copied by the it-tests build").isRegularFile();
      entries.add(file.toString());
    }
    return String.join(File.pathSeparator, entries);
  }

  /**
   * Returns {@code jvm} with the it-tests' compiled classes on the class path, and SLF4J and
   * Logback, taken from the test class path, on the module path.
   */
  private static ChildJvm onModulePath(ChildJvm jvm) throws Exception {
    String modulePath =
        Stream.of(MDC.class, LoggerContext.class, Context.class)
            .map(LoggingReadersTest::codeSource)
            .collect(Collectors.joining(File.pathSeparator));
    return jvm.classPath(codeSource(MdcFirstApp.class))
        .jvmArgument("--module-path")
        .jvmArgument(modulePath)
        .jvmArgument("--add-modules")
        .jvmArgument("org.slf4j,ch.qos.logback.classic");
  }

  private static String codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ChildJvm jvm(boolean java25) {
    return java25 ? ChildJvm.onJava25() : new ChildJvm();
  }

  /** A run and the span of its traced method. */
  private static final class TracedRun {
    final ChildJvm.Result result;
    final ReceivedSpan span;

    TracedRun(ChildJvm.Result result, ReceivedSpan span) {
      this.result = result;
      this.span = span;
    }
  }
}
