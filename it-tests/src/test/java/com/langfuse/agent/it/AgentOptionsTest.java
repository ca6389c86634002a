package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.IdleAgent;
import com.langfuse.agent.it.apps.PlainApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.it.support.ManifestJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent reads the JVM's options to find other agents, and installs its {@code defineClass} hook
 * only when there is none. These tests give the agent in the ways a user may, and put another agent
 * jar of the same file name beside it.
 */
class AgentOptionsTest {

  private static final String HOOKED = "class definitions hooked";
  private static final String OTHER_AGENT = "another agent is on the command line";

  @ParameterizedTest
  @ValueSource(strings = {"17", "25"})
  void agentInJavaToolOptionsIsHooked(String java) throws Exception {
    ChildJvm.Result run =
        plain(java)
            .withoutAgent()
            .env("JAVA_TOOL_OPTIONS", "-javaagent:" + ChildJvm.agentJar())
            .run(PlainApp.class);

    assertHookedAlone(run);
  }

  @ParameterizedTest
  @ValueSource(strings = {"17", "25"})
  void agentInJdkJavaOptionsIsHooked(String java) throws Exception {
    ChildJvm.Result run =
        plain(java)
            .withoutAgent()
            .env("JDK_JAVA_OPTIONS", "-javaagent:" + ChildJvm.agentJar())
            .run(PlainApp.class);

    assertHookedAlone(run);
  }

  @ParameterizedTest
  @ValueSource(strings = {"17", "25"})
  void relativeAgentPathIsHooked(String java) throws Exception {
    Path relative = Path.of("").toAbsolutePath().relativize(ChildJvm.agentJar());
    assertThat(relative.isAbsolute()).isFalse();

    ChildJvm.Result run =
        plain(java).withoutAgent().jvmArgument("-javaagent:" + relative).run(PlainApp.class);

    assertHookedAlone(run);
  }

  @ParameterizedTest
  @ValueSource(strings = {"17", "25"})
  void agentOptionsWithEqualsAreHooked(String java) throws Exception {
    ChildJvm.Result run =
        plain(java)
            .withoutAgent()
            .jvmArgument("-javaagent:" + ChildJvm.agentJar() + "=mode=a=b")
            .run(PlainApp.class);

    assertHookedAlone(run);
  }

  /** Installations often link a versioned jar to a fixed name, and the JVM resolves the link. */
  @ParameterizedTest
  @ValueSource(strings = {"17", "25"})
  void agentThroughSymbolicLinkIsHooked(String java, @TempDir Path directory) throws Exception {
    Path link = Files.createSymbolicLink(directory.resolve("agent.jar"), ChildJvm.agentJar());

    ChildJvm.Result run =
        plain(java).withoutAgent().jvmArgument("-javaagent:" + link).run(PlainApp.class);

    assertHookedAlone(run);
  }

  @ParameterizedTest
  @ValueSource(strings = {"17", "25"})
  void sameFileNameAfterOursIsAnotherAgent(String java, @TempDir Path directory) throws Exception {
    Path other = idleAgentJar(directory);

    ChildJvm.Result run =
        plain(java).jvmArgument("-javaagent:" + other + "=key=value").run(PlainApp.class);

    assertOtherAgentFound(run, other);
  }

  @ParameterizedTest
  @ValueSource(strings = {"17", "25"})
  void sameFileNameBeforeOursIsAnotherAgent(String java, @TempDir Path directory) throws Exception {
    Path other = idleAgentJar(directory);

    ChildJvm.Result run =
        plain(java)
            .withoutAgent()
            .env("JAVA_TOOL_OPTIONS", "-javaagent:" + other + "=key=value")
            .jvmArgument("-javaagent:" + ChildJvm.agentJar())
            .run(PlainApp.class);

    assertOtherAgentFound(run, other);
  }

  /**
   * An executable jar's {@code Launcher-Agent-Class} starts after premain, through the same JDK
   * method as an agent attached later, so the agent takes its transformer back first.
   */
  @ParameterizedTest
  @ValueSource(strings = {"17", "25"})
  void launcherAgentTakesTransformerBack(String java, @TempDir Path directory) throws Exception {
    Path testClasses =
        Path.of(IdleAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path jar =
        ManifestJar.write(
            directory.resolve("app.jar"),
            Map.of(
                "Main-Class", PlainApp.class.getName(),
                "Launcher-Agent-Class", IdleAgent.class.getName(),
                "Class-Path", testClasses.toUri().toString()));

    ChildJvm.Result run = plain(java).runJar(jar);

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.stdout()).as(run.toString()).contains("idle agent agentmain");
    assertThat(run.stdout()).as(run.toString()).contains("plain app done");
    assertThat(run.stderr()).as(run.toString()).contains(HOOKED);
    assertThat(run.stderr())
        .as(run.toString())
        .contains("another agent is attaching, so the class transformer is registered again");
  }

  /** Returns a child JVM on Java {@code java}, 17 or 25, with the agent's settings. */
  private static ChildJvm plain(String java) {
    ChildJvm jvm = java.equals("25") ? ChildJvm.onJava25() : new ChildJvm();
    return jvm.env("LANGFUSE_PUBLIC_KEY", "pk-lf-it-public")
        .env("LANGFUSE_SECRET_KEY", "sk-lf-it-secret-never-logged")
        .env("LANGFUSE_BASE_URL", "http://127.0.0.1:9")
        .env("LANGFUSE_DEBUG", "true");
  }

  /** Writes an agent jar named like ours, in another directory. */
  private static Path idleAgentJar(Path directory) throws Exception {
    Path other = directory.resolve(ChildJvm.agentJar().getFileName());
    return ManifestJar.write(other, Map.of("Premain-Class", IdleAgent.class.getName()));
  }

  private static void assertHookedAlone(ChildJvm.Result run) {
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.stdout()).as(run.toString()).contains("plain app done");
    assertThat(run.stderr()).as(run.toString()).contains(HOOKED);
    assertThat(run.stderr()).as(run.toString()).doesNotContain(OTHER_AGENT);
  }

  private static void assertOtherAgentFound(ChildJvm.Result run, Path other) {
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.stdout()).as(run.toString()).contains("idle agent premain: key=value");
    assertThat(run.stderr())
        .as(run.toString())
        .contains(OTHER_AGENT + " (-javaagent:" + other + "=...)");
    assertThat(run.stderr()).as(run.toString()).doesNotContain(HOOKED);
    // The JVM itself prints JAVA_TOOL_OPTIONS with the options, but the agent must not.
    assertThat(agentLines(run)).as(run.toString()).doesNotContain("key=value");
  }

  private static String agentLines(ChildJvm.Result run) {
    return run.stderr()
        .lines()
        .filter(line -> line.startsWith("[langfuse-agent]"))
        .collect(Collectors.joining("\n"));
  }
}
