package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.OpenAiScenarioApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the agent starts, or stays out of the way, under each kind of configuration. */
class AgentConfigurationTest {

  private static final String PUBLIC_KEY = "pk-lf-it-config";
  private static final String SECRET_KEY = "sk-lf-it-config-secret";

  private FakeLlmProvider provider;
  private OtlpReceiver receiver;

  @BeforeEach
  void startServers() {
    provider = new FakeLlmProvider().start();
    receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start();
  }

  @AfterEach
  void stopServers() {
    provider.close();
    receiver.close();
  }

  @Test
  void missingKeysWarnAndLeaveAppAlone() throws Exception {
    ChildJvm.Result result =
        new ChildJvm()
            .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
            .env("LANGFUSE_BASE_URL", receiver.baseUrl())
            .run(OpenAiScenarioApp.class, "chat-basic");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout()).contains("Atlantic Ocean");
    assertThat(warnLines(result)).hasSize(1);
    assertThat(warnLines(result).get(0)).contains("LANGFUSE_PUBLIC_KEY").contains("LANGFUSE_SECRET_KEY");
    assertThat(result.stderr()).doesNotContain("INFO started");
  }

  @Test
  void tracingDisabledExportsNothing() throws Exception {
    ChildJvm.Result result =
        configured().env("LANGFUSE_TRACING_ENABLED", "false").run(OpenAiScenarioApp.class, "chat-basic");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(receiver.requests()).isEmpty();
    assertThat(result.stderr()).doesNotContain("WARN");
  }

  @Test
  void instrumentationSwitchedOff() throws Exception {
    ChildJvm.Result result =
        configured()
            .env("LANGFUSE_AGENT_INSTRUMENTATION_OPENAI_ENABLED", "false")
            .run(OpenAiScenarioApp.class, "chat-basic");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stderr()).contains("instrumentation openai is switched off");
    assertThat(receiver.requests()).isEmpty();
  }

  @Test
  void invalidValueWarnsAndUsesDefault() throws Exception {
    ChildJvm.Result result =
        configured().env("LANGFUSE_FLUSH_AT", "lots").run(OpenAiScenarioApp.class, "chat-basic");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stderr()).contains("LANGFUSE_FLUSH_AT=lots is invalid");
    assertThat(receiver.awaitSpans(1, Duration.ofSeconds(20))).hasSize(1);
  }

  @Test
  void systemPropertyOverridesEnvironment() throws Exception {
    ChildJvm.Result result =
        configured()
            .env("LANGFUSE_SECRET_KEY", "sk-wrong")
            .jvmArgument("-Dlangfuse.secret.key=" + SECRET_KEY)
            .run(OpenAiScenarioApp.class, "chat-basic");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(receiver.awaitSpans(1, Duration.ofSeconds(20))).hasSize(1);
  }

  @Test
  void wrongKeysLogOneErrorWithoutSecret() throws Exception {
    ChildJvm.Result result =
        configured().env("LANGFUSE_SECRET_KEY", "sk-lf-wrong-secret").run(OpenAiScenarioApp.class, "chat-basic");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout()).contains("Atlantic Ocean");
    assertThat(result.stderr()).contains("LANGFUSE_PUBLIC_KEY").contains("401");
    assertThat(result.stderr()).doesNotContain("sk-lf-wrong-secret");
    assertThat(result.stderr()).contains("unauthorized=1");
  }

  @Test
  void runsOnJava25() throws Exception {
    String java25 = ChildJvm.java25Home();
    Assumptions.assumeTrue(java25 != null, "Temurin 25 is not installed here");
    ChildJvm.Result result = configured().javaHome(java25).run(OpenAiScenarioApp.class, "chat-basic", "chat-stream");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    List<ReceivedSpan> spans = receiver.awaitSpans(2, Duration.ofSeconds(30));
    assertThat(spans).hasSize(2);
    assertThat(receiver.violations()).isEmpty();
  }

  @Test
  void jdkToolStaysInert() throws Exception {
    Path jar = Path.of(System.getProperty("java.home"), "bin", "jar");
    Assumptions.assumeTrue(jar.toFile().canExecute(), "no jar tool in this JDK");
    ProcessBuilder builder = new ProcessBuilder(jar.toString(), "--version");
    builder.environment().put("JAVA_TOOL_OPTIONS", "-javaagent:" + ChildJvm.agentJar());

    String output = runWithKeys(builder);

    assertThat(output).doesNotContain("[langfuse-agent]");
  }

  @Test
  void javaVersionStaysInert() throws Exception {
    // java -version runs no main class, so the agent has nothing to trace there.
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder = new ProcessBuilder(java.toString(), "-javaagent:" + ChildJvm.agentJar(), "-version");
    builder.environment().remove("JAVA_TOOL_OPTIONS");

    String output = runWithKeys(builder);

    assertThat(output).contains("version");
    assertThat(output).doesNotContain("[langfuse-agent]");
    assertThat(output).doesNotContain("bootstrap classpath has been appended");
  }

  @Test
  void debugLoggingNeverShowsTheKeys() throws Exception {
    // ChildJvm fails the run when the secret key or the Basic credentials appear in the output.
    ChildJvm.Result result =
        configured()
            .env("LANGFUSE_DEBUG", "true")
            .run(OpenAiScenarioApp.class, "chat-basic", "chat-stream", "error-500");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stderr()).contains("[langfuse-agent] DEBUG").doesNotContain(PUBLIC_KEY + ":");
    assertThat(receiver.awaitSpans(3, Duration.ofSeconds(30))).hasSize(3);
  }

  @Test
  void plainHttpToRemoteHostWarns() throws Exception {
    // No scenario runs, so no span is made and the agent never connects to the remote host.
    ChildJvm.Result result =
        configured()
            .env("LANGFUSE_BASE_URL", "http://langfuse.example.invalid")
            .run(OpenAiScenarioApp.class);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(warnLines(result)).anySatisfy(line -> assertThat(line).contains("LANGFUSE_BASE_URL").contains("https"));
  }

  /** Runs a JDK command with valid keys, checks that it exits with 0, and returns its output. */
  private String runWithKeys(ProcessBuilder builder) throws Exception {
    builder.environment().put("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY);
    builder.environment().put("LANGFUSE_SECRET_KEY", SECRET_KEY);
    builder.environment().put("LANGFUSE_BASE_URL", receiver.baseUrl());
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  private ChildJvm configured() {
    return new ChildJvm()
        .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
        .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
        .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
        .env("LANGFUSE_BASE_URL", receiver.baseUrl())
        .env("LANGFUSE_FLUSH_INTERVAL", "0.2");
  }

  private static List<String> warnLines(ChildJvm.Result result) {
    List<String> lines = new ArrayList<>();
    for (String line : result.stderr().split("\n")) {
      if (line.startsWith("[langfuse-agent] WARN")) {
        lines.add(line);
      }
    }
    return lines;
  }
}
