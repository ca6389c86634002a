package com.langfuse.agent.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the demo's SDK calls, without the agent, against the fake provider. */
@Timeout(60)
class DemoAppTest {

  @Test
  void demoCallsPrintRecordedAnswers() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (FakeLlmProvider provider = new FakeLlmProvider().start()) {
      DemoApp.run(
          provider.openAiBaseUrl(),
          "sk-test-not-a-real-key",
          new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).isEqualTo("chat:      Atlantic Ocean");
    assertThat(lines.get(1)).isEqualTo("streamed:  South Atlantic Ocean (6 chunks, 25 tokens)");
    assertThat(lines.get(2))
        .isEqualTo(
            "tool call: get_weather{\"location\": \"New York City\"},"
                + " get_weather{\"location\": \"London\"}");
    assertThat(lines.get(3)).startsWith("answer:    The weather in New York City is currently");
    assertThat(lines.get(4)).startsWith("embedding: 1536 dimensions, first ");
  }

  @Test
  void demoSendsFiveProviderRequests() {
    List<RecordedRequest> requests;
    try (FakeLlmProvider provider = new FakeLlmProvider().start()) {
      DemoApp.run(
          provider.openAiBaseUrl(),
          "sk-test-not-a-real-key",
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      requests = provider.awaitRequests(5, Duration.ofSeconds(5));
    }

    assertThat(requests)
        .extracting(RecordedRequest::path)
        .containsExactly(
            "/v1/chat/completions",
            "/v1/chat/completions",
            "/v1/chat/completions",
            "/v1/chat/completions",
            "/v1/embeddings");
    assertThat(requests.get(1).json().path("stream_options").path("include_usage").asBoolean())
        .isTrue();
    assertThat(requests.get(3).body()).contains("\"role\":\"tool\"");
  }
}
