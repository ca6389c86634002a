package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.AfterExecuteApp;
import com.langfuse.agent.it.apps.ExecutorStartupApp;
import com.langfuse.agent.it.apps.ReflectionStartupApp;
import com.langfuse.agent.it.apps.TraceMethodsApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real applications that try to break the agent's start-up path: the ASM hooks woven into the
 * OpenAI services and the JDK executors as they load, the lazy build of Byte Buddy's transformer,
 * and the retransformation of classes loaded before premain. Each app runs with and without the
 * agent; apart from the spans, nothing the app prints may differ.
 */
class StartupBreakTest {

  private static final String PUBLIC_KEY = "pk-lf-it-public";
  private static final String SECRET_KEY = "sk-lf-it-secret-never-logged";
  private static final String CHAT_SERVICE =
      "com.openai.services.blocking.chat.ChatCompletionServiceImpl";

  /**
   * Runs the app with the OpenTelemetry Java agent first or second, its OpenAI instrumentation on.
   */
  @ParameterizedTest
  @ValueSource(strings = {"otel-first-17", "otel-second-17", "otel-first-25", "otel-second-25"})
  void otelAgentBesideOurs(String variant) throws Exception {
    Path otelAgent =
        Path.of(System.getProperty("otel.agent.jar", "target/otel/opentelemetry-javaagent.jar"))
            .toAbsolutePath();
    assertThat(otelAgent).as("the OpenTelemetry Java agent, copied by the build").exists();
    boolean otelFirst = variant.startsWith("otel-first");
    boolean java25 = variant.endsWith("-25");
    UnaryOperator<ChildJvm> withOtel =
        jvm -> {
          jvm.env("OTEL_INSTRUMENTATION_COMMON_DEFAULT_ENABLED", "false")
              .env("OTEL_INSTRUMENTATION_OPENAI_ENABLED", "true")
              .env("OTEL_TRACES_EXPORTER", "none")
              .env("OTEL_METRICS_EXPORTER", "none")
              .env("OTEL_LOGS_EXPORTER", "none");
          // JAVA_TOOL_OPTIONS come before the command line, whose first agent is ours.
          return otelFirst
              ? jvm.env("JAVA_TOOL_OPTIONS", "-javaagent:" + otelAgent)
              : jvm.jvmArgument("-javaagent:" + otelAgent);
        };
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result plain =
          withOtel
              .apply(jvm(java25))
              .withoutAgent()
              .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
              .run(TraceMethodsApp.class);
      ChildJvm.Result run =
          withOtel
              .apply(jvm(java25))
              .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
              .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
              .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
              .env("LANGFUSE_BASE_URL", receiver.baseUrl())
              .env("LANGFUSE_FLUSH_INTERVAL", "0.2")
              .env("LANGFUSE_TRACE_METHODS", "example.roots.Assistant#answer")
              .run(TraceMethodsApp.class);
      List<ReceivedSpan> spans = receiver.awaitSpans(3, Duration.ofSeconds(30));

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.stdout()).as(run.toString()).isEqualTo(plain.stdout());
      assertCleanStderr(run);
      // The OpenTelemetry agent changes ClassLoader too, so ours keeps its transformer.
      assertThat(run.stderr())
          .contains("another agent is on the command line (-javaagent:" + otelAgent + ")");
      assertThat(spans).as(spans.toString()).hasSize(3);
      ReceivedSpan root = named(spans, "Assistant.answer");
      assertThat(spans)
          .filteredOn(span -> span != root)
          .as(spans.toString())
          .hasSize(2)
          .allSatisfy(span -> assertThat(span.parentSpanId()).isEqualTo(root.spanId()));
    }
  }

  /**
   * The OpenTelemetry Java agent with every instrumentation on, its executor advice included, first
   * or second: our executor hooks must still carry the span into the tasks.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void otelAllInstrumentationsWithExecutors(boolean otelFirst) throws Exception {
    Path otelAgent =
        Path.of(System.getProperty("otel.agent.jar", "target/otel/opentelemetry-javaagent.jar"))
            .toAbsolutePath();
    UnaryOperator<ChildJvm> withOtel =
        jvm -> {
          jvm.env("OTEL_TRACES_EXPORTER", "none")
              .env("OTEL_METRICS_EXPORTER", "none")
              .env("OTEL_LOGS_EXPORTER", "none");
          return otelFirst
              ? jvm.env("JAVA_TOOL_OPTIONS", "-javaagent:" + otelAgent)
              : jvm.jvmArgument("-javaagent:" + otelAgent);
        };
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result plain =
          withOtel
              .apply(new ChildJvm())
              .withoutAgent()
              .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
              .run(ExecutorStartupApp.class);
      ChildJvm.Result run =
          traced(withOtel.apply(new ChildJvm()), provider, receiver)
              .env("LANGFUSE_TRACE_METHODS", "example.startup.ExecutorScenarios#runAll")
              .run(ExecutorStartupApp.class);
      List<ReceivedSpan> spans = receiver.awaitSpans(9, Duration.ofSeconds(30));

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.stdout()).as(run.toString()).isEqualTo(plain.stdout());
      assertCleanStderr(run);
      assertThat(spans).as(spans.toString()).hasSize(9);
      assertExecutorParents(spans, List.of("subclass", "common", "rejected"));
    }
  }

  /**
   * Runs with verification forced on: the JVM does not verify classes of the boot class loader
   * unless asked to. With verification on, the woven JDK executors and the OpenAI services must
   * load and run as before.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void wovenClassesPassVerifier(boolean java25) throws Exception {
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result run =
          traced(jvm(java25), provider, receiver)
              .jvmArgument("-XX:+UnlockDiagnosticVMOptions")
              .jvmArgument("-XX:+BytecodeVerificationLocal")
              .jvmArgument("-XX:+BytecodeVerificationRemote")
              .env("LANGFUSE_TRACE_METHODS", "example.startup.ExecutorScenarios#runAll")
              .env("LANGFUSE_DEBUG", "true")
              .run(ExecutorStartupApp.class);
      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.stdout()).as(run.toString()).contains("executor app done");
      List<ReceivedSpan> spans = receiver.awaitSpans(9, Duration.ofSeconds(30));

      assertThat(run.stderr()).as(run.toString()).doesNotContain("VerifyError", "hooking ");
      assertThat(spans).as(spans.toString()).hasSize(9);
    }
  }

  /**
   * Executors used the ways applications use them: a subclass overriding execute, the common pool's
   * submit and invokeAll, a scheduled executor, a rejection handler, and tasks before and after the
   * traced method on the same pool thread.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void executorsCarryContextWhereDocumented(boolean java25) throws Exception {
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result plain =
          jvm(java25)
              .withoutAgent()
              .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
              .run(ExecutorStartupApp.class);
      ChildJvm.Result run =
          traced(jvm(java25), provider, receiver)
              .env("LANGFUSE_TRACE_METHODS", "example.startup.ExecutorScenarios#runAll")
              .run(ExecutorStartupApp.class);
      List<ReceivedSpan> spans = receiver.awaitSpans(9, Duration.ofSeconds(30));

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(plain.stdout()).contains("executor app done");
      assertThat(run.stdout()).as(run.toString()).isEqualTo(plain.stdout());
      assertCleanStderr(run);
      assertThat(spans).as(spans.toString()).hasSize(9);
      assertExecutorParents(
          spans,
          List.of("subclass", "common", "invokeAll", "scheduled", "submitToScheduler", "rejected"));
    }
  }

  /**
   * The ThreadPoolExecutor documentation reads a submitted task's failure in afterExecute by
   * casting the task to Future, and applications cancel the tasks that shutdownNow returns the same
   * way. With a span current, the pool's queue contains the agent's wrapper, which must stay a
   * Future.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void queuedTasksStayFutures(boolean java25) throws Exception {
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result plain = jvm(java25).withoutAgent().run(AfterExecuteApp.class);
      ChildJvm.Result run =
          traced(jvm(java25), provider, receiver)
              .env(
                  "LANGFUSE_TRACE_METHODS",
                  "example.startup.FailureLoggingPool[submitFailing,cancelUnstarted]")
              .run(AfterExecuteApp.class);

      assertThat(plain.stdout())
          .contains("afterExecute saw: java.lang.IllegalStateException: task failed")
          .contains("shutdownNow: 1 unstarted, 1 cancelled");
      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.stdout()).as(run.toString()).isEqualTo(plain.stdout());
      assertThat(receiver.awaitSpans(2, Duration.ofSeconds(30))).hasSize(2);
    }
  }

  /**
   * LANGFUSE_TRACE_METHODS naming a hooked JDK class and a hooked OpenAI service: both the method
   * spans and the generations must appear.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void traceMethodsOnHookedClasses(boolean java25) throws Exception {
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result plain =
          jvm(java25)
              .withoutAgent()
              .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
              .run(ExecutorStartupApp.class);
      ChildJvm.Result run =
          traced(jvm(java25), provider, receiver)
              .env(
                  "LANGFUSE_TRACE_METHODS",
                  "example.startup.ExecutorScenarios#runAll;"
                      + "java.util.concurrent.ThreadPoolExecutor#execute;"
                      + CHAT_SERVICE
                      + "#create")
              .run(ExecutorStartupApp.class);
      // 8 generations, each inside a create span, the runAll span and at least 4 execute spans.
      List<ReceivedSpan> spans = receiver.awaitSpans(21, Duration.ofSeconds(30));

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.stdout()).as(run.toString()).isEqualTo(plain.stdout());
      assertCleanStderr(run);
      List<ReceivedSpan> creates =
          spans.stream()
              .filter(span -> span.name().equals("ChatCompletionServiceImpl.create"))
              .collect(Collectors.toList());
      assertThat(creates).as(spans.toString()).hasSize(8);
      assertThat(spans.stream().filter(span -> span.name().equals("ThreadPoolExecutor.execute")))
          .as(spans.toString())
          .hasSizeGreaterThanOrEqualTo(4);
      for (String question :
          List.of(
              "before",
              "subclass",
              "common",
              "invokeAll",
              "scheduled",
              "submitToScheduler",
              "rejected",
              "after")) {
        ReceivedSpan generation = asking(spans, question);
        assertThat(creates)
            .as(question + " in " + spans)
            .anySatisfy(create -> assertThat(generation.parentSpanId()).isEqualTo(create.spanId()));
      }
    }
  }

  /**
   * Reflection on the hooked classes and the stack trace of a failed OpenAI call see the same as
   * without the agent, apart from the renamed private synthetic methods and their stack frames.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void reflectionAndStackTracesUnchanged(boolean java25) throws Exception {
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      provider.enqueue("openai/chat-error-404");
      ChildJvm.Result plain =
          jvm(java25)
              .withoutAgent()
              .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
              .run(ReflectionStartupApp.class);
      provider.enqueue("openai/chat-error-404");
      ChildJvm.Result run = traced(jvm(java25), provider, receiver).run(ReflectionStartupApp.class);
      List<ReceivedSpan> spans = receiver.awaitSpans(2, Duration.ofSeconds(30));

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(plain.stdout()).contains("reflection app done", "error call: ");
      assertThat(sortedWithoutOriginals(run.stdout()))
          .as(run.toString())
          .isEqualTo(sortedWithoutOriginals(plain.stdout()));
      assertCleanStderr(run);
      assertThat(spans).as(spans.toString()).hasSize(2);
      assertThat(spans).anySatisfy(span -> assertThat(span.statusCode()).isEqualTo("ERROR"));
    }
  }

  private static ChildJvm jvm(boolean java25) {
    return java25 ? ChildJvm.onJava25() : new ChildJvm();
  }

  private static ChildJvm traced(ChildJvm jvm, FakeLlmProvider provider, OtlpReceiver receiver) {
    return jvm.env("OPENAI_BASE_URL", provider.openAiBaseUrl())
        .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
        .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
        .env("LANGFUSE_BASE_URL", receiver.baseUrl())
        .env("LANGFUSE_FLUSH_INTERVAL", "0.2");
  }

  private static void assertCleanStderr(ChildJvm.Result run) {
    assertThat(run.stderr())
        .as(run.toString())
        .doesNotContain("VerifyError", "Exception", "Error:", " WARN ", " ERROR ");
  }

  /** The lines of {@code stdout}, sorted, without those that name a renamed original method. */
  private static List<String> sortedWithoutOriginals(String stdout) {
    return stdout
        .lines()
        .filter(line -> !line.contains("$langfuse$original"))
        .sorted()
        .collect(Collectors.toList());
  }

  private static ReceivedSpan named(List<ReceivedSpan> spans, String name) {
    List<ReceivedSpan> matching =
        spans.stream().filter(span -> span.name().equals(name)).collect(Collectors.toList());
    assertThat(matching).as("spans named " + name + " among " + spans).hasSize(1);
    return matching.get(0);
  }

  /**
   * Checks that the generations asking {@code children} are children of the traced {@code runAll}
   * span, and that the tasks run before and after it on the same pool threads have no parent.
   */
  private static void assertExecutorParents(List<ReceivedSpan> spans, List<String> children) {
    ReceivedSpan root = named(spans, "ExecutorScenarios.runAll");
    for (String question : children) {
      assertThat(asking(spans, question).parentSpanId())
          .as(question + " in " + spans)
          .isEqualTo(root.spanId());
    }
    for (String question : List.of("before", "after")) {
      assertThat(asking(spans, question).parentSpanId()).as(question + " in " + spans).isNull();
    }
  }

  /** Returns the one generation whose input contains this scenario's question. */
  private static ReceivedSpan asking(List<ReceivedSpan> spans, String question) {
    List<ReceivedSpan> matching =
        spans.stream()
            .filter(span -> String.valueOf(span.attributes()).contains("question " + question))
            .filter(span -> !span.name().contains("."))
            .collect(Collectors.toList());
    assertThat(matching).as("generation asking " + question + " among " + spans).hasSize(1);
    return matching.get(0);
  }
}
