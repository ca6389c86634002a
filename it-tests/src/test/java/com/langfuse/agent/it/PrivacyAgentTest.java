package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.PrivacyScenarioApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedRequest;
import com.langfuse.agent.testing.ReceivedSpan;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs {@link PrivacyScenarioApp} (the real OpenAI Java SDK, and SLF4J's MDC backed by Logback)
 * in child JVMs with the packaged agent: once with {@code LANGFUSE_CAPTURE_CONTENT=false}, once
 * with masking, tags and the default capture. The checks scan the raw request bodies the loopback
 * Langfuse stand-in received, after gzip decoding, so no encoding of a secret can slip past them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivacyAgentTest {

  private static final String PUBLIC_KEY = "pk-lf-privacy-it";
  private static final String SECRET_KEY = "sk-lf-privacy-it-secret";
  private static final String[] SCENARIOS = {
    "chat", "chat-stream", "chat-tools", "embeddings", "responses"
  };

  /** Completion text of the recorded responses that the scenarios receive. */
  private static final List<String> COMPLETION_TEXTS = List.of("Atlantic", "New York City");

  private FakeLlmProvider provider;
  private OtlpReceiver captureOffReceiver;
  private OtlpReceiver maskedReceiver;
  private ChildJvm.Result captureOff;
  private ChildJvm.Result masked;
  private List<ReceivedSpan> captureOffSpans;
  private List<ReceivedSpan> maskedSpans;

  @BeforeAll
  void runApplications() throws Exception {
    provider = new FakeLlmProvider().start();
    captureOffReceiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start();
    maskedReceiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start();

    captureOff =
        agentJvm(captureOffReceiver)
            .env("LANGFUSE_CAPTURE_CONTENT", "false")
            .run(PrivacyScenarioApp.class, SCENARIOS);
    captureOffSpans = captureOffReceiver.awaitSpans(SCENARIOS.length, Duration.ofSeconds(30));

    masked =
        agentJvm(maskedReceiver)
            .env("LANGFUSE_MASK_BUILTIN", "true")
            .env("LANGFUSE_MASK_PATTERNS", "TICKET-\\d+\n(unclosed")
            .env("LANGFUSE_TAGS", "privacy-it, checkout")
            .run(PrivacyScenarioApp.class, SCENARIOS);
    maskedSpans = maskedReceiver.awaitSpans(SCENARIOS.length, Duration.ofSeconds(30));
  }

  @AfterAll
  void stopServers() {
    provider.close();
    captureOffReceiver.close();
    maskedReceiver.close();
  }

  @Test
  void appsExitNormally() {
    assertThat(captureOff.exitCode()).as(captureOff.toString()).isZero();
    assertThat(masked.exitCode()).as(masked.toString()).isZero();
  }

  @Test
  void captureOffExportsOneSpanPerCall() {
    assertThat(captureOffSpans).hasSize(SCENARIOS.length);
    assertThat(captureOffReceiver.violations()).isEmpty();
  }

  @Test
  void captureOffExportsNoPromptOrCompletion() {
    String exported = exportedBodies(captureOffReceiver);

    assertThat(exported).doesNotContain(PrivacyScenarioApp.PROMPT_CANARY);
    assertThat(exported).doesNotContain(PrivacyScenarioApp.SYSTEM_CANARY);
    assertThat(exported).doesNotContain(PrivacyScenarioApp.TOOL_CANARY);
    assertThat(exported).doesNotContain(PrivacyScenarioApp.EMBEDDING_CANARY);
    assertThat(exported).doesNotContain(PrivacyScenarioApp.API_KEY);
    assertThat(exported).doesNotContain(PrivacyScenarioApp.EMAIL);
    assertThat(exported).doesNotContain("Bouvet");
    for (String completion : COMPLETION_TEXTS) {
      assertThat(exported).doesNotContain(completion);
    }
  }

  @Test
  void captureOffHasNoInputOrOutput() {
    for (ReceivedSpan span : captureOffSpans) {
      assertThat(span.attr("langfuse.observation.input")).as(span.describe()).isNull();
      assertThat(span.attr("langfuse.observation.output")).as(span.describe()).isNull();
    }
  }

  @Test
  void captureOffKeepsModelAndUsage() {
    int withUsage = 0;
    for (ReceivedSpan span : captureOffSpans) {
      assertThat(span.attr("gen_ai.request.model")).as(span.describe()).isNotNull();
      assertThat(span.attr("gen_ai.response.model")).as(span.describe()).isNotNull();
      assertThat(span.endNanos()).as(span.describe()).isGreaterThan(span.startNanos());
      // The recorded stream was requested without include_usage, so it reports no tokens.
      if (span.attr("langfuse.observation.completion_start_time") == null) {
        assertThat(span.json("langfuse.observation.usage_details").path("input").asLong())
            .as(span.describe())
            .isPositive();
        withUsage++;
      }
    }
    assertThat(withUsage).isEqualTo(SCENARIOS.length - 1);
  }

  @Test
  void maskingRemovesSecretsOnly() {
    String exported = exportedBodies(maskedReceiver);

    assertThat(exported).doesNotContain(PrivacyScenarioApp.API_KEY);
    assertThat(exported).doesNotContain(PrivacyScenarioApp.EMAIL);
    assertThat(exported).doesNotContain(PrivacyScenarioApp.TICKET);
    assertThat(exported).contains("[REDACTED]");
    assertThat(exported).contains(PrivacyScenarioApp.PROMPT_CANARY);
    assertThat(exported).contains("Atlantic");
  }

  @Test
  void invalidPatternWarnsOnceWithoutText() {
    String stderr = masked.stderr();

    assertThat(stderr)
        .contains("WARN LANGFUSE_MASK_PATTERNS line 2 is not a valid regular expression");
    assertThat(stderr.split("LANGFUSE_MASK_PATTERNS line 2", -1)).hasSize(2);
    assertThat(stderr).doesNotContain("(unclosed");
  }

  @Test
  void mdcUserAndSessionOnEverySpan() {
    assertThat(maskedSpans).hasSize(SCENARIOS.length);
    for (ReceivedSpan span : maskedSpans) {
      assertThat(span.attr("langfuse.user.id")).as(span.describe()).isEqualTo(PrivacyScenarioApp.USER_ID);
      assertThat(span.attr("langfuse.session.id"))
          .as(span.describe())
          .isEqualTo(PrivacyScenarioApp.SESSION_ID);
    }
  }

  @Test
  void configuredTagsOnEverySpan() {
    for (ReceivedSpan span : maskedSpans) {
      assertThat(span.attr("langfuse.trace.tags"))
          .as(span.describe())
          .isEqualTo(List.of("privacy-it", "checkout"));
    }
  }

  @Test
  void appOutputSameWithoutAgent() throws Exception {
    ChildJvm.Result without =
        new ChildJvm()
            .withoutAgent()
            .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
            .run(PrivacyScenarioApp.class, SCENARIOS);

    assertThat(without.exitCode()).as(without.toString()).isZero();
    assertThat(masked.stdout()).isEqualTo(without.stdout());
    assertThat(captureOff.stdout()).isEqualTo(without.stdout());
  }

  private ChildJvm agentJvm(OtlpReceiver receiver) {
    return new ChildJvm()
        .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
        .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
        .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
        .env("LANGFUSE_BASE_URL", receiver.baseUrl())
        .env("LANGFUSE_FLUSH_INTERVAL", "0.2")
        .env("OTEL_SERVICE_NAME", "it-privacy-app");
  }

  /** Returns every request body the receiver accepted, decoded, as one string. */
  private static String exportedBodies(OtlpReceiver receiver) {
    StringBuilder all = new StringBuilder();
    for (ReceivedRequest request : receiver.requests()) {
      byte[] body = request.decodedBody();
      assertThat(body).as("decoded body of " + request).isNotNull();
      all.append(new String(body, StandardCharsets.UTF_8)).append('\n');
    }
    assertThat(all).as("exported bodies").isNotEmpty();
    return all.toString();
  }
}
