package com.langfuse.agent.it.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

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
  private String classPath;
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

  /**
   * Returns a child JVM on Java 25, and skips the calling test (a JUnit assumption) where Temurin
   * 25 is not installed.
   */
  public static ChildJvm onJava25() {
    String home = java25Home();
    Assumptions.assumeTrue(home != null, "Temurin 25 is not installed here");
    return new ChildJvm().javaHome(home);
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

  /**
   * Replaces the test's class path with {@code path}, for example to run an application against
   * another version of its library.
   */
  public ChildJvm classPath(String path) {
    classPath = path;
    return this;
  }

  public ChildJvm withoutAgent() {
    withAgent = false;
    return this;
  }

  /** Runs {@code mainClass} with {@code arguments} and waits for it to exit. */
  public Result run(Class<?> mainClass, String... arguments) throws IOException, InterruptedException {
    return start(mainClass, arguments).waitFor();
  }

  /**
   * Runs the class named {@code mainClass}, which only the {@link #classPath} set contains, with
   * {@code arguments} and waits for it to exit.
   */
  public Result run(String mainClass, String... arguments)
      throws IOException, InterruptedException {
    List<String> application =
        new ArrayList<>(
            List.of("-cp", classPath != null ? classPath : testClassPath(), mainClass));
    application.addAll(Arrays.asList(arguments));
    return start(application).waitFor();
  }

  /** Starts {@code mainClass} with {@code arguments}; call {@link Running#waitFor} to finish. */
  public Running start(Class<?> mainClass, String... arguments) throws IOException {
    List<String> application =
        new ArrayList<>(
            List.of("-cp", classPath != null ? classPath : testClassPath(), mainClass.getName()));
    application.addAll(Arrays.asList(arguments));
    return start(application);
  }

  /** Runs an executable jar, such as a Spring Boot one, with {@code java -jar}. */
  public Result runJar(Path jar, String... arguments) throws IOException, InterruptedException {
    List<String> application = new ArrayList<>(List.of("-jar", jar.toString()));
    application.addAll(Arrays.asList(arguments));
    return start(application).waitFor();
  }

  private Running start(List<String> application) throws IOException {
    ProcessBuilder builder = processBuilder(application);
    Path stdout = Files.createTempFile("child-stdout", ".txt");
    Path stderr = Files.createTempFile("child-stderr", ".txt");
    builder.redirectOutput(stdout.toFile());
    builder.redirectError(stderr.toFile());
    return new Running(builder.start(), stdout, stderr);
  }

  /**
   * Returns a process builder for {@code mainClass} with this command line and environment and no
   * redirects, for a test that talks to the child while it runs. The test must stop the process.
   */
  public ProcessBuilder processBuilder(Class<?> mainClass, String... arguments) {
    List<String> application =
        new ArrayList<>(
            List.of("-cp", classPath != null ? classPath : testClassPath(), mainClass.getName()));
    application.addAll(Arrays.asList(arguments));
    return processBuilder(application);
  }

  private ProcessBuilder processBuilder(List<String> application) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(javaHome, "bin", "java").toString());
    command.add("-Xshare:auto");
    if (withAgent) {
      command.add("-javaagent:" + agentJar());
    }
    command.addAll(jvmArguments);
    command.addAll(application);

    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("LANGFUSE_") || name.startsWith("OTEL_"));
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    // A trace context inherited from the build (a traced CI runner) would parent every span.
    builder.environment().keySet().removeAll(List.of("TRACEPARENT", "TRACESTATE", "BAGGAGE"));
    builder.environment().putAll(environment);
    return builder;
  }

  /** A child JVM that was started and may still run. */
  public final class Running {
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private Running(Process process, Path stdout, Path stderr) {
      this.process = process;
      this.stdout = stdout;
      this.stderr = stderr;
    }

    /**
     * Waits until the child's standard error contains {@code text}, polling its output file.
     *
     * @throws AssertionError when it did not appear within {@code timeout} or the child exited
     */
    public void awaitStderr(String text, Duration timeout) throws IOException, InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!Files.readString(stderr, StandardCharsets.UTF_8).contains(text)) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new AssertionError(
              "the child JVM's standard error did not show '"
                  + text
                  + "' within "
                  + timeout
                  + ":\n"
                  + Files.readString(stderr, StandardCharsets.UTF_8));
        }
        Thread.sleep(50);
      }
    }

    /** Waits for the child to exit, killing it after two minutes, and returns its output. */
    public Result waitFor() throws IOException, InterruptedException {
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
      checkNoSecretLogged(result);
      return result;
    }
  }

  /**
   * Fails when the child's output contains the secret key or the Basic credentials built from it,
   * so every test that starts a child JVM also checks that the agent never logs them.
   */
  private void checkNoSecretLogged(Result result) {
    List<String> forbidden = new ArrayList<>();
    for (String secret : configured("LANGFUSE_SECRET_KEY")) {
      forbidden.add(secret);
      for (String publicKey : configured("LANGFUSE_PUBLIC_KEY")) {
        forbidden.add(
            Base64.getEncoder()
                .encodeToString((publicKey + ":" + secret).getBytes(StandardCharsets.UTF_8)));
      }
    }
    for (String value : forbidden) {
      if (result.stdout().contains(value) || result.stderr().contains(value)) {
        throw new AssertionError(
            "the child JVM's output contains the secret key or the Basic credentials:\n" + result);
      }
    }
  }

  /** Returns the non-blank values given to the child for a setting, as variable and as property. */
  private List<String> configured(String variable) {
    List<String> values = new ArrayList<>();
    String fromEnvironment = environment.get(variable);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      values.add(fromEnvironment);
    }
    String prefix = "-D" + variable.toLowerCase(Locale.ROOT).replace('_', '.') + "=";
    for (String argument : jvmArguments) {
      if (argument.startsWith(prefix) && argument.length() > prefix.length()) {
        values.add(argument.substring(prefix.length()));
      }
    }
    return values;
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
