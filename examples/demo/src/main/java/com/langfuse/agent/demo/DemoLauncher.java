package com.langfuse.agent.demo;

import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import com.langfuse.agent.testing.TraceTreePrinter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link DemoApp} in a child JVM with the agent attached, against a local {@link
 * FakeLlmProvider}.
 *
 * <p>With {@code LANGFUSE_PUBLIC_KEY} and {@code LANGFUSE_SECRET_KEY} both set, the child gets the
 * user's {@code LANGFUSE_*} variables unchanged and sends its traces to that Langfuse. Otherwise
 * the launcher starts a local {@link OtlpReceiver} with demo keys, points {@code LANGFUSE_BASE_URL}
 * at it, and prints the traces it receives as trees.
 *
 * <p>Exit status: 0 on success; 1 when the application failed or no span arrived; 2 when the agent
 * jar is missing.
 */
public final class DemoLauncher {

  /** One span per call of DemoApp: chat, streamed chat, two tool call turns and an embedding. */
  static final int EXPECTED_SPANS = 5;

  static final String DEMO_PUBLIC_KEY = "pk-lf-demo";
  static final String DEMO_SECRET_KEY = "sk-lf-demo";

  /** The settings that can leave the demo with fewer spans than calls. */
  private static final List<String> SPAN_LIMITING_VARIABLES =
      List.of(
          "LANGFUSE_TRACING_ENABLED",
          "LANGFUSE_SAMPLE_RATE",
          "LANGFUSE_AGENT_INSTRUMENTATION_OPENAI_ENABLED",
          "JAVA_TOOL_OPTIONS");

  private static final Duration APP_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration SPAN_TIMEOUT = Duration.ofSeconds(15);
  private static final String PREFIX = "[demo] ";

  private final Map<String, String> environment;
  private final String agentJarProperty;
  private final Path workingDirectory;
  private final String classPath;
  private final Duration spanTimeout;
  private final Path childLog;
  private final PrintStream out;
  private final PrintStream err;

  /**
   * Creates a launcher.
   *
   * @param childLog the file that receives DemoApp's stdout and stderr, or null to share this
   *     process's streams
   */
  DemoLauncher(
      Map<String, String> environment,
      String agentJarProperty,
      Path workingDirectory,
      String classPath,
      Duration spanTimeout,
      Path childLog,
      PrintStream out,
      PrintStream err) {
    this.environment = environment;
    this.agentJarProperty = agentJarProperty;
    this.workingDirectory = workingDirectory;
    this.classPath = classPath;
    this.spanTimeout = spanTimeout;
    this.childLog = childLog;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    DemoLauncher launcher =
        new DemoLauncher(
            System.getenv(),
            System.getProperty("langfuse.agent.jar"),
            Path.of("").toAbsolutePath(),
            System.getProperty("java.class.path"),
            SPAN_TIMEOUT,
            null,
            System.out,
            System.err);
    System.exit(launcher.run());
  }

  /** Runs the demo and returns the process exit status. */
  int run() {
    Path agentJar;
    try {
      agentJar =
          AgentJarLocator.locate(
              agentJarProperty, environment.get("LANGFUSE_AGENT_JAR"), workingDirectory);
    } catch (IllegalStateException e) {
      err.println(PREFIX + e.getMessage());
      return 2;
    }

    boolean userLangfuse =
        isSet(environment.get("LANGFUSE_PUBLIC_KEY"))
            && isSet(environment.get("LANGFUSE_SECRET_KEY"));
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver =
            userLangfuse ? null : new OtlpReceiver(DEMO_PUBLIC_KEY, DEMO_SECRET_KEY).start()) {
      out.println(PREFIX + "agent: " + agentJar);
      out.println(PREFIX + "fake OpenAI API (recorded responses): " + provider.openAiBaseUrl());
      out.println(PREFIX + "traces go to: " + langfuseTarget(receiver));

      int appStatus = runApp(agentJar, provider, receiver);
      if (appStatus != 0) {
        err.println(
            PREFIX
                + "DemoApp "
                + (appStatus < 0
                    ? "did not finish within " + APP_TIMEOUT
                    : "exited with status " + appStatus)
                + ": see its output and the [langfuse-agent] lines above");
        return 1;
      }
      if (receiver == null) {
        // The launcher cannot see what that Langfuse received, but the agent's stop line counts it.
        out.println(
            PREFIX
                + "done: the agent's stop line above shows how many of the "
                + EXPECTED_SPANS
                + " spans it exported; open your Langfuse project to see them");
        return 0;
      }
      return report(receiver);
    }
  }

  /** Runs DemoApp with the agent, and returns its exit status, or -1 when it timed out. */
  private int runApp(Path agentJar, FakeLlmProvider provider, OtlpReceiver receiver) {
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-javaagent:" + agentJar,
            "-cp",
            classPath,
            DemoApp.class.getName());
    Map<String, String> childEnvironment = builder.environment();
    childEnvironment.clear();
    childEnvironment.putAll(environment);
    // The fake provider accepts any key, so a real OPENAI_API_KEY is never sent anywhere.
    childEnvironment.put("OPENAI_BASE_URL", provider.openAiBaseUrl());
    childEnvironment.put("OPENAI_API_KEY", "sk-demo-not-a-real-key");
    childEnvironment.putIfAbsent("LANGFUSE_FLUSH_INTERVAL", "1");
    if (receiver != null) {
      childEnvironment.remove("LANGFUSE_HOST");
      childEnvironment.put("LANGFUSE_PUBLIC_KEY", DEMO_PUBLIC_KEY);
      childEnvironment.put("LANGFUSE_SECRET_KEY", DEMO_SECRET_KEY);
      childEnvironment.put("LANGFUSE_BASE_URL", receiver.baseUrl());
    }
    if (childLog == null) {
      builder.inheritIO();
    } else {
      builder.redirectErrorStream(true).redirectOutput(childLog.toFile());
    }

    try {
      Process process = builder.start();
      if (!process.waitFor(APP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return -1;
      }
      return process.exitValue();
    } catch (IOException e) {
      err.println(PREFIX + "failed to start " + builder.command().get(0) + ": " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /** Prints the received traces and a summary line, and returns the exit status. */
  private int report(OtlpReceiver receiver) {
    List<ReceivedSpan> spans;
    try {
      spans = receiver.awaitSpans(EXPECTED_SPANS, spanTimeout);
    } catch (AssertionError e) {
      spans = receiver.spans();
    }
    List<String> violations = receiver.violations();
    long rejected = receiver.requests().stream().filter(request -> request.status() != 200).count();

    out.println();
    out.print(TraceTreePrinter.format(spans));
    out.println();
    for (String violation : violations) {
      err.println(PREFIX + "rejected: " + violation);
    }
    if (spans.isEmpty()) {
      err.println(
          PREFIX
              + "no spans arrived at the local Langfuse stand-in within "
              + spanTimeout.toSeconds()
              + " s ("
              + receiver.requests().size()
              + " requests, "
              + rejected
              + " rejected): check the [langfuse-agent] lines above"
              + spanLimitingSettings());
      return 1;
    }
    long traces = spans.stream().map(ReceivedSpan::traceId).distinct().count();
    out.println(
        PREFIX
            + spans.size()
            + " spans in "
            + traces
            + " traces reached the local Langfuse stand-in in "
            + receiver.requests().size()
            + " requests, "
            + rejected
            + " rejected"
            + (spans.size() < EXPECTED_SPANS
                ? "; WARNING: expected " + EXPECTED_SPANS + spanLimitingSettings()
                : ""));
    return violations.isEmpty() ? 0 : 1;
  }

  /**
   * Returns a hint that names the set variables that can turn off or sample out spans, or an
   * empty string when none is set.
   */
  private String spanLimitingSettings() {
    List<String> settings = new ArrayList<>();
    for (String name : SPAN_LIMITING_VARIABLES) {
      if (isSet(environment.get(name))) {
        settings.add(name + "=" + environment.get(name));
      }
    }
    if (settings.isEmpty()) {
      return "";
    }
    return "; these settings can turn spans off: " + String.join(", ", settings);
  }

  private String langfuseTarget(OtlpReceiver receiver) {
    if (receiver != null) {
      return "local Langfuse stand-in "
          + receiver.baseUrl()
          + " (no LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY set)";
    }
    if (isSet(environment.get("LANGFUSE_BASE_URL"))) {
      return environment.get("LANGFUSE_BASE_URL") + " (LANGFUSE_BASE_URL)";
    }
    if (isSet(environment.get("LANGFUSE_HOST"))) {
      return environment.get("LANGFUSE_HOST") + " (LANGFUSE_HOST)";
    }
    return "the agent's default Langfuse URL (LANGFUSE_BASE_URL is not set)";
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}
