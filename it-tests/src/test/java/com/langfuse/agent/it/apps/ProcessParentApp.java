package com.langfuse.agent.it.apps;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An application that starts child processes, run with the agent. Each argument names a scenario.
 * The scenarios that start a child JVM open a parent span through the agent's own tracing API first
 * (by reflection, because the agent's bootstrap classes are not on the test class path), so the
 * child's spans must join that trace.
 *
 * <p>The child JVMs run {@link OpenAiScenarioApp} and inherit this process's environment, so they
 * call the same loopback LLM provider and export to the same loopback receiver.
 */
public final class ProcessParentApp {

  /** The value the {@code explicit-traceparent} scenario sets; the agent must keep it. */
  public static final String EXPLICIT_TRACEPARENT =
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  /** The Langfuse session id the parent span carries, which reaches the child as baggage. */
  public static final String SESSION_ID = "session-process-42";

  private ProcessParentApp() {}

  public static void main(String[] args) throws Exception {
    for (String scenario : args) {
      System.out.println("== " + scenario);
      run(scenario);
    }
  }

  private static void run(String scenario) throws Exception {
    switch (scenario) {
      case "child-jvm":
        inParentSpan("parent-task", () -> runChildJvm(false));
        break;
      case "child-jvm-tool-options":
        inParentSpan("parent-task-tool-options", () -> runChildJvm(true));
        break;
      case "secrets":
        // The arguments are never read: true ignores them and exits 0.
        waitAndPrint(
            new ProcessBuilder(
                    "true",
                    "--api-key",
                    "SECRET-VALUE-1",
                    "--token=SECRET-VALUE-2",
                    "DB_PASSWORD=SECRET-VALUE-3",
                    "-Dlangfuse.secret.key=SECRET-VALUE-4",
                    "https://user:SECRET-VALUE-5@db.invalid/x",
                    "visible-argument")
                .start());
        break;
      case "exit-code":
        waitAndPrint(new ProcessBuilder("sh", "-c", "exit 3").start());
        break;
      case "runtime-exec":
        waitAndPrint(Runtime.getRuntime().exec(new String[] {"sh", "-c", "exit 0"}));
        break;
      case "missing-executable":
        try {
          new ProcessBuilder("/nonexistent/langfuse-missing-tool", "--flag").start();
          System.out.println("started");
        } catch (IOException e) {
          System.out.println("threw " + e.getClass().getName() + ": " + e.getMessage());
        }
        break;
      case "echo-traceparent":
        System.out.println(
            "traceparent " + output(new ProcessBuilder("sh", "-c", "echo $TRACEPARENT")));
        break;
      case "explicit-traceparent":
        ProcessBuilder explicit = new ProcessBuilder("sh", "-c", "echo $TRACEPARENT");
        explicit.environment().put("TRACEPARENT", EXPLICIT_TRACEPARENT);
        System.out.println("traceparent " + output(explicit));
        System.out.println("after start " + explicit.environment().get("TRACEPARENT"));
        break;
      case "never-ends":
        Process sleeper = new ProcessBuilder("sleep", "600").start();
        System.out.println("pid " + sleeper.pid());
        break;
      default:
        throw new IllegalArgumentException("unknown scenario " + scenario);
    }
  }

  /** Starts {@link OpenAiScenarioApp} in a child JVM with the agent, and waits for it. */
  private static void runChildJvm(boolean throughToolOptions) throws Exception {
    String agentJar = System.getenv("PROCESS_IT_AGENT_JAR");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (!throughToolOptions) {
      command.add("-javaagent:" + agentJar);
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(OpenAiScenarioApp.class.getName());
    command.add("chat-basic");
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    if (throughToolOptions) {
      builder.environment().put("JAVA_TOOL_OPTIONS", "-javaagent:" + agentJar);
    }
    waitAndPrint(builder.start());
  }

  /** Runs {@code body} inside a span made current through the agent's bootstrap API. */
  private static void inParentSpan(String name, Body body) throws Exception {
    Class<?> tracer = Class.forName("com.langfuse.agent.bootstrap.trace.Tracer");
    Class<?> spanType = Class.forName("com.langfuse.agent.bootstrap.trace.SpanData");
    Class<?> currentSpan = Class.forName("com.langfuse.agent.bootstrap.trace.CurrentSpan");
    Object span =
        tracer
            .getMethod("startSpan", String.class, String.class, int.class)
            .invoke(null, name, "agent", 1);
    Method setAttribute = spanType.getMethod("setAttribute", String.class, String.class);
    setAttribute.invoke(span, "langfuse.session.id", SESSION_ID);
    try (AutoCloseable scope =
        (AutoCloseable) currentSpan.getMethod("makeCurrent", spanType).invoke(null, span)) {
      body.run();
    } finally {
      spanType.getMethod("end").invoke(span);
    }
  }

  private static void waitAndPrint(Process process) throws InterruptedException {
    System.out.println("exit " + process.waitFor());
  }

  private static String output(ProcessBuilder builder) throws Exception {
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    return output.trim();
  }

  private interface Body {
    void run() throws Exception;
  }
}
