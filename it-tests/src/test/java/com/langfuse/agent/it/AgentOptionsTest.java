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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent reads the JVM's options to find other agents, and installs its {@code defineClass} hook
 * only when there is none. These tests give the agent in the ways a user may, and put another agent
 * jar of the same file name beside it.
 */
class AgentOptionsTest {

  private static final String HOOKED = "class definitions hooked";
  private static final String OTHER_AGENT = "another agent is on the command line";

  @Test
  void agentInJavaToolOptionsIsHooked() throws Exception {
    ChildJvm.Result run =
        plain()
            .withoutAgent()
            .env("JAVA_TOOL_OPTIONS", "-javaagent:" + ChildJvm.agentJar())
            .run(PlainApp.class);

    assertHookedAlone(run);
  }

  @Test
  void agentInJdkJavaOptionsIsHooked() throws Exception {
    ChildJvm.Result run =
        plain()
            .withoutAgent()
            .env("JDK_JAVA_OPTIONS", "-javaagent:" + ChildJvm.agentJar())
            .run(PlainApp.class);

    assertHookedAlone(run);
  }

  @Test
  void relativeAgentPathIsHooked() throws Exception {
    Path relative = Path.of("").toAbsolutePath().relativize(ChildJvm.agentJar());
    assertThat(relative.isAbsolute()).isFalse();

    ChildJvm.Result run =
        plain().withoutAgent().jvmArgument("-javaagent:" + relative).run(PlainApp.class);

    assertHookedAlone(run);
  }

  @Test
  void agentOptionsWithEqualsAreHooked() throws Exception {
    ChildJvm.Result run =
        plain()
            .withoutAgent()
            .jvmArgument("-javaagent:" + ChildJvm.agentJar() + "=mode=a=b")
            .run(PlainApp.class);

    assertHookedAlone(run);
  }

  /** Installations often link a versioned jar to a fixed name, and the JVM resolves the link. */
  @Test
  void agentThroughSymbolicLinkIsHooked(@TempDir Path directory) throws Exception {
    Path link = Files.createSymbolicLink(directory.resolve("agent.jar"), ChildJvm.agentJar());

    ChildJvm.Result run =
        plain().withoutAgent().jvmArgument("-javaagent:" + link).run(PlainApp.class);

    assertHookedAlone(run);
  }

  @Test
  void sameFileNameAfterOursIsAnotherAgent(@TempDir Path directory) throws Exception {
    Path other = idleAgentJar(directory);

    ChildJvm.Result run =
        plain().jvmArgument("-javaagent:" + other + "=key=value").run(PlainApp.class);

    assertOtherAgentFound(run, other);
  }

  @Test
  void sameFileNameBeforeOursIsAnotherAgent(@TempDir Path directory) throws Exception {
    Path other = idleAgentJar(directory);

    ChildJvm.Result run =
        plain()
            .withoutAgent()
            .env("JAVA_TOOL_OPTIONS", "-javaagent:" + other + "=key=value")
            .jvmArgument("-javaagent:" + ChildJvm.agentJar())
            .run(PlainApp.class);

    assertOtherAgentFound(run, other);
  }

  private static ChildJvm plain() {
    return new ChildJvm()
        .env("LANGFUSE_PUBLIC_KEY", "pk-lf-it-public")
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
