package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.AnthropicScenarioApp;
import com.langfuse.agent.it.apps.PlainApp;
import com.langfuse.agent.it.apps.PreloadingAgent;
import com.langfuse.agent.it.apps.TraceMethodsApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent loads Byte Buddy only when the application loads a class that a module instruments.
 * These tests check both sides: an application that loads none never loads Byte Buddy, and JDK
 * classes that another agent loaded before premain are still instrumented.
 */
class LazyInstrumentationTest {

  private static final String PUBLIC_KEY = "pk-lf-it-public";
  private static final String SECRET_KEY = "sk-lf-it-secret-never-logged";

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

  @Test
  void openAiAppLoadsOnlyAsm() throws Exception {
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result run =
          new ChildJvm()
              .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
              .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
              .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
              .env("LANGFUSE_BASE_URL", receiver.baseUrl())
              .env("LANGFUSE_FLUSH_INTERVAL", "0.2")
              .jvmArgument("-Xlog:class+load=info:stdout")
              .run(TraceMethodsApp.class);
      List<ReceivedSpan> spans = receiver.awaitSpans(2, Duration.ofSeconds(30));

      assertThat(run.exitCode()).as(run.toString()).isZero();
      // The OpenAI services and the JDK executors are hooked with ASM as they load.
      assertThat(spans).as(spans.toString()).hasSize(2);
      assertThat(run.stdout()).contains("net.bytebuddy.jar.asm.ClassReader");
      assertThat(run.stdout()).doesNotContain("net.bytebuddy.agent.builder");
    }
  }

  @Test
  void anthropicAppLoadsOnlyAsm() throws Exception {
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result run =
          new ChildJvm()
              .env("ANTHROPIC_BASE_URL", provider.baseUrl())
              .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
              .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
              .env("LANGFUSE_BASE_URL", receiver.baseUrl())
              .env("LANGFUSE_FLUSH_INTERVAL", "0.2")
              .jvmArgument("-Xlog:class+load=info:stdout")
              .run(AnthropicScenarioApp.class, "basic");
      List<ReceivedSpan> spans = receiver.awaitSpans(1, Duration.ofSeconds(30));

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(spans).as(spans.toString()).hasSize(1);
      assertThat(spans.get(0).attr("langfuse.observation.type")).isEqualTo("generation");
      assertThat(run.stdout()).contains("net.bytebuddy.jar.asm.ClassReader");
      assertThat(run.stdout()).doesNotContain("net.bytebuddy.agent.builder");
    }
  }

  @Test
  void preloadedExecutorsStillCarryContext(@TempDir Path directory) throws Exception {
    Path preloadingAgent = manifestOnlyAgentJar(directory);
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
   * Writes a jar that contains only a manifest naming {@link PreloadingAgent}: the JVM adds the jar
   * to the system class path, and the class itself comes from the test class path.
   */
  private static Path manifestOnlyAgentJar(Path directory) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Premain-Class", PreloadingAgent.class.getName());
    Path jar = directory.resolve("preloading-agent.jar");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
      jarOut.flush();
    }
    return jar;
  }
}
