package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.OpenAiScenarioApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.FakeResponse;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Provider errors: the app receives the SDK's own exception, and the generation ends with ERROR.
 * Each test then runs the app again without the agent, against the same provider responses, and
 * compares the output.
 */
class OpenAiErrorsTest {

  private static final String PUBLIC_KEY = "pk-lf-it-errors";
  private static final String SECRET_KEY = "sk-lf-it-errors-secret";

  private FakeLlmProvider provider;
  private OtlpReceiver receiver;

  @BeforeEach
  void startServers() {
    provider = new FakeLlmProvider().start();
    receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start();
  }

  @AfterEach
  void stopServers() {
    provider.close();
    receiver.close();
  }

  @Test
  void notFoundIsErrorGeneration() throws Exception {
    provider.enqueue("openai/chat-error-404");
    ChildJvm.Result result = agentJvm().run(OpenAiScenarioApp.class, "error-404");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout()).contains("threw com.openai.errors.NotFoundException");
    ReceivedSpan span = receiver.awaitSpans(1, Duration.ofSeconds(20)).get(0);
    assertThat(span.statusCode()).isEqualTo("ERROR");
    assertThat(span.attr("langfuse.observation.level")).isEqualTo("ERROR");
    assertThat((String) span.attr("langfuse.observation.status_message")).contains("404");
    assertThat(span.statusMessage()).contains("404");

    provider.enqueue("openai/chat-error-404");
    ChildJvm.Result without = jvmWithoutAgent().run(OpenAiScenarioApp.class, "error-404");
    assertThat(without.stdout()).isEqualTo(result.stdout());
  }

  @Test
  void serverErrorIsErrorGeneration() throws Exception {
    provider.enqueue(serverError());
    ChildJvm.Result result = agentJvm().run(OpenAiScenarioApp.class, "error-500");

    assertThat(result.stdout()).contains("threw com.openai.errors.InternalServerException");
    ReceivedSpan span = receiver.awaitSpans(1, Duration.ofSeconds(20)).get(0);
    assertThat(span.attr("langfuse.observation.level")).isEqualTo("ERROR");
    assertThat((String) span.attr("langfuse.observation.status_message"))
        .contains("500")
        .contains("The server had an error");

    provider.enqueue(serverError());
    ChildJvm.Result without = jvmWithoutAgent().run(OpenAiScenarioApp.class, "error-500");
    assertThat(without.stdout()).isEqualTo(result.stdout());
  }

  @Test
  void sdkRetriesGiveOneGeneration() throws Exception {
    provider.enqueue(overloaded());
    provider.enqueue("openai/chat-basic");
    ChildJvm.Result result =
        agentJvm().env("OPENAI_MAX_RETRIES", "2").run(OpenAiScenarioApp.class, "chat-basic");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(provider.requests()).hasSize(2);
    List<ReceivedSpan> spans = receiver.awaitSpans(1, Duration.ofSeconds(20));
    assertThat(spans).hasSize(1);
    assertThat(spans.get(0).attr("langfuse.observation.level")).isNull();

    provider.enqueue(overloaded());
    provider.enqueue("openai/chat-basic");
    ChildJvm.Result without =
        jvmWithoutAgent().env("OPENAI_MAX_RETRIES", "2").run(OpenAiScenarioApp.class, "chat-basic");
    assertThat(without.stdout()).isEqualTo(result.stdout());
  }

  private ChildJvm jvmWithoutAgent() {
    return new ChildJvm().withoutAgent().env("OPENAI_BASE_URL", provider.openAiBaseUrl());
  }

  private static FakeResponse serverError() {
    return FakeResponse.json(
        500, "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}");
  }

  private static FakeResponse overloaded() {
    return FakeResponse.json(
        503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}");
  }

  private ChildJvm agentJvm() {
    return new ChildJvm()
        .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
        .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
        .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
        .env("LANGFUSE_BASE_URL", receiver.baseUrl())
        .env("LANGFUSE_FLUSH_INTERVAL", "0.2");
  }
}
