package com.langfuse.agent.it.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a test application in a child JVM, with or without {@code -javaagent}, and collects its
 * exit code and output. The child's class path is this test's class path, which never contains
 * the agent's own classes.
 */
public final class ChildJvm {

  private static final long TIMEOUT_SECONDS = 120;

  private final Map<String, String> environment = new LinkedHashMap<>();
  private final List<String> jvmArguments = new ArrayList<>();
  private String javaHome = System.getProperty("java.home");
  private boolean withAgent = true;

  /** Returns the packaged agent jar; fails with a hint when it was not built. */
  public static Path agentJar() {
    String configured = System.getProperty("langfuse.agent.jar", "../agent/target/langfuse-agent.jar");
    Path jar = Path.of(configured).toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "agent jar not found at " + jar + ": build it with ./mvnw -q -DskipTests package");
    }
    return jar;
  }

  /** Returns the Java 25 home when it is installed, or null. */
  public static String java25Home() {
    String home = System.getProperty("it.java25.home", "/usr/lib/jvm/temurin-25-jdk-amd64");
    return Files.isExecutable(Path.of(home, "bin", "java")) ? home : null;
  }

  public ChildJvm env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  public ChildJvm env(Map<String, String> values) {
    environment.putAll(values);
    return this;
  }

  public ChildJvm jvmArgument(String argument) {
    jvmArguments.add(argument);
    return this;
  }

  public ChildJvm javaHome(String home) {
    javaHome = home;
    return this;
  }

  public ChildJvm withoutAgent() {
    withAgent = false;
    return this;
  }

  /** Runs {@code mainClass} with {@code arguments} and waits for it to exit. */
  public Result run(Class<?> mainClass, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(javaHome, "bin", "java").toString());
    command.add("-Xshare:auto");
    if (withAgent) {
      command.add("-javaagent:" + agentJar());
    }
    command.addAll(jvmArguments);
    command.add("-cp");
    command.add(testClassPath());
    command.add(mainClass.getName());
    command.addAll(Arrays.asList(arguments));

    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("LANGFUSE_") || name.startsWith("OTEL_"));
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    // A trace context inherited from the build (a traced CI runner) would parent every span.
    builder.environment().keySet().removeAll(List.of("TRACEPARENT", "TRACESTATE", "BAGGAGE"));
    builder.environment().putAll(environment);
    Path stdout = Files.createTempFile("child-stdout", ".txt");
    Path stderr = Files.createTempFile("child-stderr", ".txt");
    builder.redirectOutput(stdout.toFile());
    builder.redirectError(stderr.toFile());
    Process process = builder.start();
    boolean exited = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    Result result =
        new Result(
            exited ? process.exitValue() : -1,
            Files.readString(stdout, StandardCharsets.UTF_8),
            Files.readString(stderr, StandardCharsets.UTF_8));
    Files.deleteIfExists(stdout);
    Files.deleteIfExists(stderr);
    return result;
  }

  private static String testClassPath() {
    String path = System.getProperty("surefire.test.class.path");
    if (path == null || path.isEmpty()) {
      path = System.getProperty("java.class.path");
    }
    StringBuilder kept = new StringBuilder();
    for (String entry : path.split(File.pathSeparator)) {
      if (entry.contains("langfuse-agent-bootstrap") || entry.endsWith("langfuse-agent.jar")) {
        continue;
      }
      if (kept.length() > 0) {
        kept.append(File.pathSeparator);
      }
      kept.append(entry);
    }
    return kept.toString();
  }

  /** What a child JVM left behind. */
  public static final class Result {
    private final int exitCode;
    private final String stdout;
    private final String stderr;

    Result(int exitCode, String stdout, String stderr) {
      this.exitCode = exitCode;
      this.stdout = stdout;
      this.stderr = stderr;
    }

    /** The exit code, or -1 when the process was killed after the timeout. */
    public int exitCode() {
      return exitCode;
    }

    public String stdout() {
      return stdout;
    }

    public String stderr() {
      return stderr;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
  }
}
