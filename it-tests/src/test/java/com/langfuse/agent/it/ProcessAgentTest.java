package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.ProcessParentApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs {@link ProcessParentApp} in a child JVM with the agent. It starts real processes: two child
 * JVMs with the agent (one through {@code -javaagent}, one through an inherited {@code
 * JAVA_TOOL_OPTIONS}) that make an OpenAI call each, and {@code sh}, {@code true} and a missing
 * executable. Every JVM exports to one loopback receiver.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessAgentTest {

  private static final String PUBLIC_KEY = "pk-lf-it-public";
  private static final String SECRET_KEY = "sk-lf-it-secret-never-logged";
  private static final String[] SCENARIOS = {
    "child-jvm",
    "child-jvm-tool-options",
    "secrets",
    "exit-code",
    "runtime-exec",
    "missing-executable",
    "echo-traceparent",
    "explicit-traceparent",
  };

  /** Three spans for each child JVM scenario, one for every other process. */
  private static final int EXPECTED_SPANS = 12;

  private FakeLlmProvider provider;
  private OtlpReceiver receiver;
  private ChildJvm.Result parent;
  private List<ReceivedSpan> spans;

  @BeforeAll
  void runParentApp() throws Exception {
    provider = new FakeLlmProvider().start();
    receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start();
    parent =
        new ChildJvm()
            .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
            .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
            .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
            .env("LANGFUSE_BASE_URL", receiver.baseUrl())
            .env("LANGFUSE_FLUSH_INTERVAL", "0.2")
            .env("PROCESS_IT_AGENT_JAR", ChildJvm.agentJar().toString())
            .run(ProcessParentApp.class, SCENARIOS);
    spans = receiver.awaitSpans(EXPECTED_SPANS, Duration.ofSeconds(30));
  }

  @AfterAll
  void stopServers() {
    provider.close();
    receiver.close();
  }

  @Test
  void parentExitsNormally() {
    assertThat(parent.exitCode()).as(parent.toString()).isZero();
  }

  @Test
  void receiverGotEverySpan() {
    assertThat(spans).as(describe(spans)).hasSize(EXPECTED_SPANS);
    assertThat(receiver.violations()).isEmpty();
  }

  @Test
  void childGenerationJoinsParentTrace() {
    ReceivedSpan parentTask = named("parent-task");
    ReceivedSpan process = childOf(parentTask, "java");
    ReceivedSpan generation = childOf(process, "chat gpt-4o-mini");

    assertThat(process.traceId()).isEqualTo(parentTask.traceId());
    assertThat(generation.traceId()).isEqualTo(parentTask.traceId());
    assertThat(generation.attr("langfuse.observation.type")).isEqualTo("generation");
    assertThat(process.attr("langfuse.observation.type")).isEqualTo("span");
    assertThat(process.attr("process.exit.code")).isEqualTo(0L);
  }

  @Test
  void childGenerationCarriesSessionFromBaggage() {
    ReceivedSpan process = childOf(named("parent-task"), "java");
    ReceivedSpan generation = childOf(process, "chat gpt-4o-mini");

    assertThat(generation.attr("langfuse.session.id")).isEqualTo(ProcessParentApp.SESSION_ID);
  }

  @Test
  void toolOptionsChildJoinsParentTrace() {
    ReceivedSpan parentTask = named("parent-task-tool-options");
    ReceivedSpan process = childOf(parentTask, "java");
    ReceivedSpan generation = childOf(process, "chat gpt-4o-mini");

    assertThat(generation.traceId()).isEqualTo(parentTask.traceId());
  }

  @Test
  void commandLineSecretsAreRedacted() {
    ReceivedSpan process = named("true");

    assertThat(process.attr("process.command_args"))
        .isEqualTo(
            List.of(
                "true",
                "--api-key",
                "[REDACTED]",
                "--token=[REDACTED]",
                "DB_PASSWORD=[REDACTED]",
                "-Dlangfuse.secret.key=[REDACTED]",
                "https://user:[REDACTED]@db.invalid/x",
                "visible-argument"));
    assertThat(spans.toString()).doesNotContain("SECRET-VALUE");
    assertThat(parent.stderr()).doesNotContain("SECRET-VALUE");
  }

  @Test
  void processSpanRecordsDirectoryAndPid() {
    ReceivedSpan process = named("true");

    assertThat(process.attr("process.working_directory")).isEqualTo(System.getProperty("user.dir"));
    assertThat(process.attr("process.pid")).isInstanceOf(Long.class);
    assertThat(process.attr("process.executable.name")).isEqualTo("true");
    assertThat(process.json("langfuse.observation.input").get("command").get(6).asText())
        .isEqualTo("https://user:[REDACTED]@db.invalid/x");
  }

  @Test
  void nonZeroExitIsError() {
    ReceivedSpan process = withArgument("exit 3");

    assertThat(process.attr("process.exit.code")).isEqualTo(3L);
    assertThat(process.statusCode()).isEqualTo("ERROR");
    assertThat(process.attr("langfuse.observation.level")).isEqualTo("ERROR");
    assertThat(process.json("langfuse.observation.output").get("exit_code").asInt()).isEqualTo(3);
  }

  @Test
  void runtimeExecIsTraced() {
    ReceivedSpan process = withArgument("exit 0");

    assertThat(process.name()).isEqualTo("sh");
    assertThat(process.attr("process.exit.code")).isEqualTo(0L);
  }

  @Test
  void failedStartIsErrorAndRethrown() {
    ReceivedSpan process = named("langfuse-missing-tool");

    assertThat(process.statusCode()).isEqualTo("ERROR");
    assertThat(process.statusMessage()).contains("java.io.IOException");
    assertThat(parent.stdout())
        .contains(
            "threw java.io.IOException: Cannot run program \"/nonexistent/langfuse-missing-tool\"");
  }

  @Test
  void childSeesTraceparentOfProcessSpan() {
    // The echo-traceparent scenario runs before explicit-traceparent, which echoes too.
    List<ReceivedSpan> echoes = withArgumentByStart("echo $TRACEPARENT");
    assertThat(echoes).hasSize(2);
    ReceivedSpan process = echoes.get(0);

    assertThat(parent.stdout())
        .contains("traceparent 00-" + process.traceId() + "-" + process.spanId() + "-01\n");
  }

  @Test
  void explicitTraceparentIsKept() {
    assertThat(parent.stdout())
        .contains("traceparent " + ProcessParentApp.EXPLICIT_TRACEPARENT + "\n")
        .contains("after start " + ProcessParentApp.EXPLICIT_TRACEPARENT + "\n");
  }

  @Test
  void processOutsideSpanIsTraceRoot() {
    ReceivedSpan process = named("true");

    assertThat(process.parentSpanId()).isNullOrEmpty();
  }

  private ReceivedSpan named(String name) {
    List<ReceivedSpan> matching =
        spans.stream().filter(span -> span.name().equals(name)).collect(Collectors.toList());
    assertThat(matching).as("spans named " + name + " in " + describe(spans)).hasSize(1);
    return matching.get(0);
  }

  private ReceivedSpan childOf(ReceivedSpan parentSpan, String name) {
    List<ReceivedSpan> matching =
        spans.stream()
            .filter(span -> span.name().equals(name))
            .filter(span -> parentSpan.spanId().equals(span.parentSpanId()))
            .collect(Collectors.toList());
    assertThat(matching)
        .as("spans named " + name + " under " + parentSpan.describe() + " in " + describe(spans))
        .hasSize(1);
    return matching.get(0);
  }

  private ReceivedSpan withArgument(String argument) {
    List<ReceivedSpan> matching = withArgumentByStart(argument);
    assertThat(matching)
        .as("spans with argument " + argument + " in " + describe(spans))
        .hasSize(1);
    return matching.get(0);
  }

  /** Returns the process spans whose command contains {@code argument}, first started first. */
  private List<ReceivedSpan> withArgumentByStart(String argument) {
    return spans.stream()
        .filter(span -> span.attr("process.command_args") instanceof List)
        .filter(span -> ((List<?>) span.attr("process.command_args")).contains(argument))
        .sorted(Comparator.comparingLong(ReceivedSpan::startNanos))
        .collect(Collectors.toList());
  }

  private static String describe(List<ReceivedSpan> spans) {
    return spans.stream().map(ReceivedSpan::toString).collect(Collectors.joining("\n"));
  }
}
