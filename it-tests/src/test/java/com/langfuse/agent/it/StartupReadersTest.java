package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.ReadersApp;
import com.langfuse.agent.it.apps.ReadersSystemLoader;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Starts the agent the unusual ways a user may, and checks how it reads its hidden classes. It
 * reads them from the system class loader's open handle of the agent jar where it finds one, and
 * through the system class loader where it does not. In every case each chat call returns and
 * arrives as a span, and the agent logs no warning or error.
 */
class StartupReadersTest {

  private static final String PUBLIC_KEY = "pk-lf-it-public";
  private static final String SECRET_KEY = "sk-lf-it-secret-never-logged";
  private static final String DIRECT = "reads its classes from the system class path directly";
  private static final String THROUGH_LOADER = "reads its classes through";

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void jarPathWithSpecialCharacters(boolean java25, @TempDir Path directory) throws Exception {
    // Characters that a file URL escapes or that URL parsing treats specially.
    Path jar =
        copyAgentJar(
            directory.resolve("agent dir \u00fc #1 %41+;").resolve("lang fuse [\u00e4].jar"));

    ChildJvm.Result run = runApp(jvm(java25).withoutAgent().jvmArgument("-javaagent:" + jar), 2);

    assertThat(run.stderr()).contains(DIRECT);
    assertThat(run.stderr()).doesNotContain(THROUGH_LOADER);
  }

  @Test
  void jarThroughSymbolicLink(@TempDir Path directory) throws Exception {
    Path link = Files.createSymbolicLink(directory.resolve("agent-link.jar"), ChildJvm.agentJar());

    ChildJvm.Result run =
        runApp(new ChildJvm().withoutAgent().jvmArgument("-javaagent:" + link), 1);

    assertThat(run.stderr()).contains(DIRECT);
  }

  @Test
  void jarThroughRelativePath() throws Exception {
    Path relative = Path.of("").toAbsolutePath().relativize(ChildJvm.agentJar());
    assertThat(relative.isAbsolute()).isFalse();

    ChildJvm.Result run =
        runApp(new ChildJvm().withoutAgent().jvmArgument("-javaagent:" + relative), 1);

    assertThat(run.stderr()).contains(DIRECT);
  }

  @Test
  void jarGivenTwice(@TempDir Path directory) throws Exception {
    Path copy = copyAgentJar(directory.resolve("second.jar"));

    ChildJvm.Result run =
        runApp(
            new ChildJvm()
                .jvmArgument("-javaagent:" + ChildJvm.agentJar())
                .jvmArgument("-javaagent:" + copy),
            2);

    assertThat(run.stderr()).contains(DIRECT);
    assertThat(run.stderr().split("INFO started", -1)).hasSize(2);
  }

  @Test
  void jarInJavaToolOptions() throws Exception {
    ChildJvm.Result run =
        runApp(
            new ChildJvm()
                .withoutAgent()
                .env("JAVA_TOOL_OPTIONS", "-javaagent:" + ChildJvm.agentJar()),
            1);

    assertThat(run.stderr()).contains("Picked up JAVA_TOOL_OPTIONS");
    assertThat(run.stderr()).contains(DIRECT);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void customSystemClassLoader(boolean java25) throws Exception {
    ChildJvm.Result run =
        runApp(
            jvm(java25)
                .jvmArgument("-Djava.system.class.loader=" + ReadersSystemLoader.class.getName()),
            2);

    assertThat(run.stdout()).contains("custom system class loader created");
    assertThat(run.stderr()).contains(THROUGH_LOADER);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void lateAttach(boolean java25, @TempDir Path directory) throws Exception {
    Path jar = copyAgentJar(directory.resolve("late agent.jar"));

    ChildJvm.Result run =
        runApp(
            jvm(java25).withoutAgent().jvmArgument("-Djdk.attach.allowAttachSelf=true"),
            2,
            "--attach",
            jar.toString());

    assertThat(run.stderr()).contains(DIRECT);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void concurrentFirstCalls(boolean java25) throws Exception {
    ChildJvm.Result run = runApp(jvm(java25), 8);

    assertThat(run.stderr()).contains(DIRECT);
  }

  @Test
  void springBootFatJar() throws Exception {
    Path application =
        Path.of(
            System.getProperty(
                "it.spring.boot.jar",
                "../examples/spring-boot-openai/target/spring-boot-openai.jar"));
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result run = agentJvm(new ChildJvm(), provider, receiver).runJar(application);
      List<ReceivedSpan> spans = awaitSpans(run, receiver, 2);

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.stdout()).contains("chat: Atlantic Ocean");
      assertThat(spans).as(spans.toString()).hasSize(2);
      assertThat(run.stderr()).contains(DIRECT);
      assertThat(run.stderr()).doesNotContain("[langfuse-agent] WARN");
    }
  }

  @Test
  void concurrentFirstCallsOnVirtualThreads() throws Exception {
    ChildJvm.Result run = runApp(ChildJvm.onJava25(), 16, "--virtual", "true");

    assertThat(run.stderr()).contains(DIRECT);
  }

  @Test
  void jarDeletedWhileRunning(@TempDir Path directory) throws Exception {
    Path jar = copyAgentJar(directory.resolve("deleted.jar"));

    ChildJvm.Result run = runChangingJar(jar, directory, () -> Files.delete(jar));

    assertThat(Files.exists(jar)).isFalse();
    assertThat(run.stderr()).contains(DIRECT);
  }

  @Test
  void jarReplacedByRenameWhileRunning(@TempDir Path directory) throws Exception {
    Path jar = copyAgentJar(directory.resolve("replaced.jar"));
    Path other = directory.resolve("other.jar");
    Files.write(other, new byte[] {'n', 'o', 't', ' ', 'a', ' ', 'j', 'a', 'r'});

    ChildJvm.Result run =
        runChangingJar(
            jar,
            directory,
            () -> Files.move(other, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING));

    assertThat(run.stderr()).contains(DIRECT);
  }

  /**
   * Starts {@link ReadersApp} with the agent at {@code jar}, runs {@code change} once the agent has
   * started and before the first chat call, then lets the application go on.
   */
  private static ChildJvm.Result runChangingJar(Path jar, Path directory, JarChange change)
      throws Exception {
    Path go = directory.resolve("go");
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Running running =
          agentJvm(
                  new ChildJvm().withoutAgent().jvmArgument("-javaagent:" + jar),
                  provider,
                  receiver)
              .start(ReadersApp.class, "--threads", "2", "--await", go.toString());
      running.awaitStderr("INFO started", Duration.ofSeconds(60));
      change.run();
      Files.createFile(go);
      ChildJvm.Result run = running.waitFor();
      assertTraced(run, receiver, 2);
      return run;
    }
  }

  /**
   * With the agent jar also on the boot class path, premain's class has no code source. The agent
   * names the option to remove, and the application runs untraced and unharmed.
   */
  @Test
  void jarAlsoOnBootClassPath() throws Exception {
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result run =
          agentJvm(new ChildJvm(), provider, receiver)
              .jvmArgument("-Xbootclasspath/a:" + ChildJvm.agentJar())
              .run(ReadersApp.class, "--threads", "1");

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.stdout()).as(run.toString()).contains("answers=1 distinct=1");
      assertThat(run.stderr())
          .contains("the agent jar is on the boot class path (-Xbootclasspath/a)");
      assertThat(run.stderr()).doesNotContain("agent start failed");
      assertThat(receiver.spans()).isEmpty();
    }
  }

  /** A change to the agent jar on disk. */
  private interface JarChange {
    void run() throws Exception;
  }

  private static ChildJvm.Result runApp(ChildJvm jvm, int threads, String... options)
      throws Exception {
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      String[] arguments = new String[options.length + 2];
      arguments[0] = "--threads";
      arguments[1] = String.valueOf(threads);
      System.arraycopy(options, 0, arguments, 2, options.length);
      ChildJvm.Result run = agentJvm(jvm, provider, receiver).run(ReadersApp.class, arguments);
      assertTraced(run, receiver, threads);
      return run;
    }
  }

  /**
   * Checks that every chat call of the run returned a response and arrived as one span, and that
   * the agent logged no warning or error.
   */
  private static void assertTraced(ChildJvm.Result run, OtlpReceiver receiver, int calls) {
    List<ReceivedSpan> spans = awaitSpans(run, receiver, calls);

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.stdout()).as(run.toString()).contains("answers=" + calls + " distinct=1");
    assertThat(run.stdout()).as(run.toString()).contains("failures=0");
    assertThat(spans).as(spans.toString()).hasSize(calls);
    assertThat(run.stderr()).contains("[langfuse-agent] INFO started");
    assertThat(run.stderr()).doesNotContain("[langfuse-agent] WARN");
    assertThat(run.stderr()).doesNotContain("[langfuse-agent] ERROR");
  }

  private static List<ReceivedSpan> awaitSpans(
      ChildJvm.Result run, OtlpReceiver receiver, int count) {
    try {
      return receiver.awaitSpans(count, Duration.ofSeconds(30));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\nthe application: " + run, e);
    }
  }

  private static ChildJvm jvm(boolean java25) {
    return java25 ? ChildJvm.onJava25() : new ChildJvm();
  }

  private static ChildJvm agentJvm(ChildJvm jvm, FakeLlmProvider provider, OtlpReceiver receiver) {
    return jvm.env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
        .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
        .env("LANGFUSE_BASE_URL", receiver.baseUrl())
        .env("LANGFUSE_DEBUG", "true")
        .env("OPENAI_BASE_URL", provider.openAiBaseUrl());
  }

  private static Path copyAgentJar(Path target) throws Exception {
    Files.createDirectories(target.getParent());
    return Files.copy(ChildJvm.agentJar(), target);
  }
}
