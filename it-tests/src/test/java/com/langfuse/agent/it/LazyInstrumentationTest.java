package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.AnthropicScenarioApp;
import com.langfuse.agent.it.apps.PlainApp;
import com.langfuse.agent.it.apps.PreloadingAgent;
import com.langfuse.agent.it.apps.TraceMethodsApp;
import com.langfuse.agent.it.apps.web.ChatWebApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.it.support.ManifestJar;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent loads Byte Buddy only when the application loads a class that a module instruments.
 * These tests check both sides: an application that loads none never loads Byte Buddy, and JDK
 * classes that another agent loaded before premain are still instrumented.
 */
class LazyInstrumentationTest {

  private static final String PUBLIC_KEY = "pk-lf-it-public";
  private static final String SECRET_KEY = "sk-lf-it-secret-never-logged";
  private static final String TYPE = "langfuse.observation.type";

  @Test
  void plainAppLoadsNoByteBuddy() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result run =
          new ChildJvm()
              .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
              .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
              .env("LANGFUSE_BASE_URL", receiver.baseUrl())
              .env("LANGFUSE_DEBUG", "true")
              .jvmArgument("-Xlog:class+load=info:stdout")
              .run(PlainApp.class);

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.stdout()).contains("plain app done");
      assertThat(run.stderr()).contains("[langfuse-agent] INFO started");
      assertThat(run.stdout()).contains("com.langfuse.agent.LangfuseAgent");
      assertThat(run.stdout()).doesNotContain("net.bytebuddy.agent.builder");
      assertThat(run.stdout()).doesNotContain("net.bytebuddy.ByteBuddy ");
      assertThat(run.stderr()).doesNotContain("advice transformer built");
    }
  }

  /**
   * Checks that the agent reads its hidden classes through the JDK's own reader of the class path:
   * a lookup through the system class loader would search about 60 JDK modules for each class
   * first. That reader is a JDK internal, so this runs on both JDKs, with an OpenAI call whose
   * helper classes are read that way.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void agentClassesAreReadFromTheClassPath(boolean java25) throws Exception {
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result run =
          agentJvm(java25 ? ChildJvm.onJava25() : new ChildJvm(), receiver)
              .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
              .env("LANGFUSE_DEBUG", "true")
              .run(TraceMethodsApp.class);
      List<ReceivedSpan> spans = receiver.awaitSpans(2, Duration.ofSeconds(30));

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(spans).as(spans.toString()).hasSize(2);
      assertThat(run.stderr()).contains("reads its classes from the system class path directly");
      assertThat(run.stderr()).doesNotContain("reads its classes through");
    }
  }

  @Test
  void openAiAppLoadsOnlyAsm() throws Exception {
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result run =
          classLoggingJvm(receiver)
              .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
              .run(TraceMethodsApp.class);
      List<ReceivedSpan> spans = receiver.awaitSpans(2, Duration.ofSeconds(30));

      assertThat(run.exitCode()).as(run.toString()).isZero();
      // The OpenAI services and the JDK executors are hooked with ASM as they load.
      assertThat(spans).as(spans.toString()).hasSize(2);
      assertLoadsAsmWithoutAgentBuilder(run);
    }
  }

  /**
   * Checks that the agent reads a logging context only once the application has used it. Looking
   * must not initialize the classes: that starts SLF4J or Log4j in an application that never logs
   * through them, which loads classes it would not load and can print their notices about a missing
   * provider. slf4j-api, log4j-api and log4j-to-slf4j are on this application's class path.
   */
  @Test
  void tracedCallsLeaveLoggingUninitialized() throws Exception {
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result run =
          agentJvm(new ChildJvm(), receiver)
              .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
              .jvmArgument("-Xlog:class+load=info,class+init=info:stdout")
              .run(TraceMethodsApp.class);
      List<ReceivedSpan> spans = receiver.awaitSpans(2, Duration.ofSeconds(30));

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(spans).as(spans.toString()).hasSize(2);
      // The agent loaded the classes to look at them.
      assertThat(run.stdout()).contains("org.slf4j.LoggerFactory source:");
      assertThat(run.stdout()).contains("org.apache.logging.log4j.ThreadContext source:");
      assertThat(run.stdout()).doesNotContain("Initializing 'org/slf4j/");
      assertThat(run.stdout()).doesNotContain("Initializing 'org/apache/logging/");
    }
  }

  @Test
  void anthropicAppLoadsOnlyAsm() throws Exception {
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result run =
          classLoggingJvm(receiver)
              .env("ANTHROPIC_BASE_URL", provider.baseUrl())
              .run(AnthropicScenarioApp.class, "basic");
      List<ReceivedSpan> spans = receiver.awaitSpans(1, Duration.ofSeconds(30));

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(spans).as(spans.toString()).hasSize(1);
      assertThat(spans.get(0).attr("langfuse.observation.type")).isEqualTo("generation");
      assertLoadsAsmWithoutAgentBuilder(run);
    }
  }

  @Test
  void springBootServletAppLoadsOnlyAsm() throws Exception {
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result run =
          classLoggingJvm(receiver)
              .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
              .run(ChatWebApp.class, "POST /chat/42");
      List<ReceivedSpan> spans = receiver.awaitSpans(3, Duration.ofSeconds(30));

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.stdout()).contains("POST /chat/42 -> 200 42: ");
      // HttpServlet.service is hooked with ASM as Tomcat loads it: the request span is the root.
      assertThat(spans).as(spans.toString()).hasSize(3);
      assertThat(spans).filteredOn(span -> "SERVER".equals(span.kind())).hasSize(1);
      assertThat(run.stdout()).contains("jakarta.servlet.http.HttpServlet ");
      assertLoadsAsmWithoutAgentBuilder(run);
    }
  }

  @Test
  void springAiAppLoadsOnlyAsm() throws Exception {
    Path jar =
        Path.of(System.getProperty("it.sdk.versions", "sdk-versions"))
            .resolve("spring-ai-1.1.2/target/spring-ai-app.jar");
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result run =
          classLoggingJvm(receiver)
              .env("FAKE_LLM_BASE_URL", provider.baseUrl())
              .runJar(jar, "openai-client-tools", "openai-stream-tools");
      receiver.awaitSpans(5, Duration.ofSeconds(30));
      // The agent flushed every span at the child's shutdown, before run returned.
      List<ReceivedSpan> spans = receiver.spans();

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.stdout()).contains("25 degrees and sunny");
      // The chat client, chat model, tool and OpenAiApi hooks and Reactor's are all applied with
      // ASM: one generation per provider request, and one tool span per tool call.
      assertThat(provider.requests()).hasSize(4);
      assertThat(spans.stream().filter(span -> "generation".equals(span.attr(TYPE))))
          .as(spans.toString())
          .hasSize(4);
      assertThat(spans.stream().filter(span -> "tool".equals(span.attr(TYPE))))
          .as(spans.toString())
          .hasSize(4);
      assertThat(spans.stream().filter(span -> "chain".equals(span.attr(TYPE))))
          .as(spans.toString())
          .hasSize(1);
      // One trace per scenario: the streamed tool calls and model round trips stay in the trace
      // of the streaming chat model span through the Reactor hooks.
      assertThat(spans.stream().map(ReceivedSpan::traceId).distinct())
          .as(spans.toString())
          .hasSize(2);
      assertThat(run.stdout()).contains("reactor.core.publisher.Hooks ");
      assertLoadsAsmWithoutAgentBuilder(run);
    }
  }

  @Test
  void webFluxAppLoadsOnlyAsm() throws Exception {
    Path jar =
        Path.of(System.getProperty("it.webflux.app.jar", "webflux-app/target/webflux-app.jar"));
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result run =
          classLoggingJvm(receiver)
              .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
              .runJar(jar, "POST /chat/1", "POST /elastic/2");
      receiver.awaitSpans(4, Duration.ofSeconds(30));
      // The agent flushed every span at the child's shutdown, before run returned.
      List<ReceivedSpan> spans = receiver.spans();
      List<ReceivedSpan> requests =
          spans.stream().filter(span -> "SERVER".equals(span.kind())).toList();

      assertThat(run.exitCode()).as(run.toString()).isZero();
      // The request spans come from the WebFlux hooks, and the generation made on a
      // bounded-elastic thread joins its request's trace through the Reactor hooks.
      assertThat(requests).as(spans.toString()).hasSize(2);
      for (ReceivedSpan request : requests) {
        assertThat(spans.stream().filter(span -> span.traceId().equals(request.traceId())))
            .as(spans.toString())
            .hasSize(2);
      }
      assertThat(run.stdout())
          .contains("org.springframework.web.server.adapter.HttpWebHandlerAdapter ");
      assertLoadsAsmWithoutAgentBuilder(run);
    }
  }

  @Test
  void preloadedExecutorsStillCarryContext(@TempDir Path directory) throws Exception {
    Path preloadingAgent =
        ManifestJar.write(
            directory.resolve("preloading-agent.jar"),
            Map.of("Premain-Class", PreloadingAgent.class.getName()));
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result run =
          new ChildJvm()
              // JAVA_TOOL_OPTIONS come before the command line, so this agent's premain runs
              // before the langfuse agent's.
              .env("JAVA_TOOL_OPTIONS", "-javaagent:" + preloadingAgent)
              .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
              .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
              .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
              .env("LANGFUSE_BASE_URL", receiver.baseUrl())
              .env("LANGFUSE_FLUSH_INTERVAL", "0.2")
              .env("LANGFUSE_TRACE_METHODS", "example.roots.Assistant#answer")
              .env("LANGFUSE_DEBUG", "true")
              .run(TraceMethodsApp.class);
      List<ReceivedSpan> spans = receiver.awaitSpans(3, Duration.ofSeconds(30));

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.stdout()).contains("preloading agent ran");
      assertThat(run.stderr()).containsPattern("retransforming [1-9][0-9]* classes loaded before");
      assertThat(run.stderr()).contains("advice transformer built in");
      assertThat(spans).as(spans.toString()).hasSize(3);
      // The method span and the two generations made on pool threads share one trace.
      assertThat(spans.stream().map(ReceivedSpan::traceId).distinct()).hasSize(1);
    }
  }

  /**
   * Returns a child JVM with the agent that sends to {@code receiver} and logs each class it loads
   * to standard output.
   */
  private static ChildJvm classLoggingJvm(OtlpReceiver receiver) {
    return agentJvm(new ChildJvm(), receiver)
        .env("LANGFUSE_FLUSH_INTERVAL", "0.2")
        .jvmArgument("-Xlog:class+load=info:stdout");
  }

  /** Returns {@code jvm} with the agent's keys and the receiver's address set. */
  private static ChildJvm agentJvm(ChildJvm jvm, OtlpReceiver receiver) {
    return jvm.env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
        .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
        .env("LANGFUSE_BASE_URL", receiver.baseUrl());
  }

  /** Checks that the run loaded Byte Buddy's ASM but none of its agent builder. */
  private static void assertLoadsAsmWithoutAgentBuilder(ChildJvm.Result run) {
    assertThat(run.stdout()).contains("net.bytebuddy.jar.asm.ClassReader");
    assertThat(run.stdout()).doesNotContain("net.bytebuddy.agent.builder");
  }
}
