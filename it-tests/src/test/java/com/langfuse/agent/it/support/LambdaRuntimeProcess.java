package com.langfuse.agent.it.support;

import com.langfuse.agent.it.apps.LambdaRuntimeApp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A running {@link LambdaRuntimeApp} in a child JVM: sends one invocation at a time and waits for
 * its outcome, so a test can check what reached Langfuse before it sends the next.
 */
public final class LambdaRuntimeProcess implements AutoCloseable {

  /** Set by the Lambda runtime; the agent's aws-lambda instrumentation installs only with it. */
  public static final String FUNCTION_NAME_VARIABLE = "AWS_LAMBDA_FUNCTION_NAME";

  /** How long a test waits for one invocation or for the exit; only a hang comes near it. */
  private static final Duration WAIT_LIMIT = Duration.ofSeconds(90);

  private static final String END_OF_OUTPUT = "\u0000end of output";

  private final Process process;
  private final Path stderr;
  private final PrintWriter commands;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private LambdaRuntimeProcess(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.commands =
        new PrintWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
    Thread reader = new Thread(this::readOutput, "lambda-runtime-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts the simulated runtime with {@code handler}. With {@code functionName} null the child's
   * environment has no {@code AWS_LAMBDA_FUNCTION_NAME}, as outside Lambda.
   */
  public static LambdaRuntimeProcess start(ChildJvm jvm, Class<?> handler, String functionName)
      throws IOException {
    ProcessBuilder builder = jvm.processBuilder(LambdaRuntimeApp.class, handler.getName());
    builder.environment().remove(FUNCTION_NAME_VARIABLE);
    if (functionName != null) {
      builder.environment().put(FUNCTION_NAME_VARIABLE, functionName);
    }
    Path stderr = Files.createTempFile("lambda-runtime-stderr", ".txt");
    builder.redirectError(stderr.toFile());
    return new LambdaRuntimeProcess(builder.start(), stderr);
  }

  /** Runs one invocation with {@code remainingMillis} left on its clock and returns its outcome. */
  public Invocation invoke(long remainingMillis, String payload) throws InterruptedException {
    commands.println("invoke " + remainingMillis + " " + payload);
    String line = lines.poll(WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null || line.equals(END_OF_OUTPUT)) {
      throw new AssertionError(
          "no outcome of the invocation within " + WAIT_LIMIT + "; stderr:\n" + stderr());
    }
    return Invocation.parse(line);
  }

  /** Ends the invocation loop, waits for the JVM to exit, and returns its exit code. */
  public int exit() throws InterruptedException {
    commands.println("exit");
    if (!process.waitFor(WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the child JVM did not exit within " + WAIT_LIMIT);
    }
    return process.exitValue();
  }

  /** Returns what the child wrote to stderr so far, which contains the agent's log lines. */
  public String stderr() {
    try {
      return Files.readString(stderr, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kills the child if it still runs and deletes its stderr file. */
  @Override
  public void close() throws IOException, InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    Files.deleteIfExists(stderr);
  }

  private void readOutput() {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(line);
      }
    } catch (IOException e) {
      // The child died or was killed; the waiting test reports it.
    } finally {
      lines.add(END_OF_OUTPUT);
    }
  }

  /** One invocation's outcome, as {@link LambdaRuntimeApp} prints it. */
  public static final class Invocation {
    private final boolean returned;
    private final long millis;
    private final String text;
    private final String line;

    private Invocation(boolean returned, long millis, String text, String line) {
      this.returned = returned;
      this.millis = millis;
      this.text = text;
      this.line = line;
    }

    static Invocation parse(String line) {
      String[] parts = line.split(" ", 3);
      if (parts.length < 3 || !(parts[0].equals("returned") || parts[0].equals("threw"))) {
        throw new AssertionError("unexpected output of the simulated runtime: " + line);
      }
      return new Invocation(parts[0].equals("returned"), Long.parseLong(parts[1]), parts[2], line);
    }

    /** Returns whether the handler returned, rather than threw. */
    public boolean returned() {
      return returned;
    }

    /** Returns how long the handler call took, flush included, in milliseconds. */
    public long millis() {
      return millis;
    }

    /** Returns the handler's result, or the exception's class name and message. */
    public String text() {
      return text;
    }

    @Override
    public String toString() {
      return line;
    }
  }
}
