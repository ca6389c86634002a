package com.langfuse.agent.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class DemoLauncherTest {

  @TempDir Path directory;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void missingAgentJarExitsWithHint() {
    int status = launcher(null, new HashMap<>()).run();

    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("agent jar not found")
        .contains("./mvnw -q -DskipTests package");
  }

  @Test
  void agentWithoutSpansExitsWithMessage() throws IOException {
    Path agentJar = agentJar(NoOpAgent.class);
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.keySet().removeIf(name -> name.startsWith("LANGFUSE_"));

    int status = launcher(agentJar.toString(), environment).run();

    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no spans arrived");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("local Langfuse stand-in");
    assertThat(Files.readString(directory.resolve("demo-app.log")))
        .contains("chat:      Atlantic Ocean")
        .contains("embedding: 1536 dimensions");
  }

  @Test
  void missingSpansNameSampleRate() throws IOException {
    Path agentJar = agentJar(NoOpAgent.class);
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.keySet().removeIf(name -> name.startsWith("LANGFUSE_"));
    environment.remove("JAVA_TOOL_OPTIONS");
    environment.put("LANGFUSE_SAMPLE_RATE", "0");

    int status = launcher(agentJar.toString(), environment).run();

    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("no spans arrived")
        .contains("these settings can turn spans off: LANGFUSE_SAMPLE_RATE=0");
  }

  @Test
  void userLangfusePointsToStopLine() throws IOException {
    // NoOpAgent sends nothing, so the loopback URL below is never contacted.
    Path agentJar = agentJar(NoOpAgent.class);
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.keySet().removeIf(name -> name.startsWith("LANGFUSE_"));
    environment.put("LANGFUSE_PUBLIC_KEY", "pk-lf-user");
    environment.put("LANGFUSE_SECRET_KEY", "sk-lf-user");
    environment.put("LANGFUSE_BASE_URL", "http://127.0.0.1:9");

    int status = launcher(agentJar.toString(), environment).run();

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(0);
    assertThat(printed).contains("traces go to: http://127.0.0.1:9 (LANGFUSE_BASE_URL)");
    assertThat(printed).contains("the agent's stop line above shows how many of the 5 spans");
    assertThat(printed).doesNotContain("to see the 5 traces");
  }

  @Test
  void receivedSpansPrintedAsTrees() throws IOException {
    Path agentJar = agentJar(SpanSendingAgent.class);
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.keySet().removeIf(name -> name.startsWith("LANGFUSE_"));

    int status = launcher(agentJar.toString(), environment).run();

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(0);
    assertThat(printed).contains("`-- generation call 3  duration=250ms");
    assertThat(printed).contains("5 spans in 5 traces reached the local Langfuse stand-in");
  }

  private DemoLauncher launcher(String agentJar, Map<String, String> environment) {
    return new DemoLauncher(
        environment,
        agentJar,
        directory,
        testClassPath(),
        Duration.ofMillis(200),
        directory.resolve("demo-app.log"),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  /** Writes a jar with only a manifest: its premain class comes from the test class path. */
  private Path agentJar(Class<?> premainClass) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Premain-Class", premainClass.getName());
    Path jar = directory.resolve(premainClass.getSimpleName() + ".jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream ignored = new JarOutputStream(file, manifest)) {
      return jar;
    }
  }

  private static String testClassPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire == null || surefire.isBlank()
        ? System.getProperty("java.class.path")
        : surefire;
  }
}
