package com.langfuse.agent.it.support;

import com.langfuse.agent.it.apps.LateAgent;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The shared setup of the tests of the {@code defineClass} hook: child JVMs that trace the {@code
 * Asker} classes of their apps against a loopback provider and receiver, and the late agent's jar.
 */
public final class AskerRuns {

  public static final String PUBLIC_KEY = "pk-lf-it-public";
  public static final String SECRET_KEY = "sk-lf-it-secret-never-logged";

  /** The {@code LANGFUSE_TRACE_METHODS} value that traces {@code example.defined.Asker}. */
  public static final String DEFINED_ASKER = "example.defined.Asker#ask";

  private AskerRuns() {}

  /**
   * Returns {@code jvm} set to call {@code provider}, export to {@code receiver} every 0.2 s with
   * DEBUG lines on, and wrap the methods named in {@code traceMethods} in spans.
   */
  public static ChildJvm traced(
      ChildJvm jvm, FakeLlmProvider provider, OtlpReceiver receiver, String traceMethods) {
    return jvm.env("OPENAI_BASE_URL", provider.openAiBaseUrl())
        .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
        .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
        .env("LANGFUSE_BASE_URL", receiver.baseUrl())
        .env("LANGFUSE_FLUSH_INTERVAL", "0.2")
        .env("LANGFUSE_DEBUG", "true")
        .env("LANGFUSE_TRACE_METHODS", traceMethods);
  }

  /**
   * Returns {@code jvm} set up as {@link #traced} does, and allowed to attach agents to itself, for
   * the applications that attach one while they run.
   */
  public static ChildJvm attachable(ChildJvm jvm, FakeLlmProvider provider, OtlpReceiver receiver) {
    return traced(jvm, provider, receiver, DEFINED_ASKER)
        .jvmArgument("-Djdk.attach.allowAttachSelf=true");
  }

  /** Writes a jar named {@code fileName} in {@code directory} that attaches {@link LateAgent}. */
  public static Path lateAgentJar(Path directory, String fileName) throws IOException {
    return ManifestJar.write(
        directory.resolve(fileName),
        Map.of("Agent-Class", LateAgent.class.getName(), "Can-Retransform-Classes", "true"));
  }
}
