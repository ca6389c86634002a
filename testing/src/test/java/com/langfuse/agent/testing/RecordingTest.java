package com.langfuse.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordingTest {

  private static final List<String> OPENAI_CASES =
      List.of(
          "chat-all-client-options",
          "chat-basic",
          "chat-developer-message",
          "chat-error-404",
          "chat-multiple-choices",
          "chat-stream",
          "chat-stream-include-usage",
          "chat-stream-tool-calls-1",
          "chat-stream-tool-calls-2",
          "chat-tool-calls-1",
          "chat-tool-calls-2",
          "embeddings-base64",
          "embeddings-basic",
          "responses-cache-tokens",
          "responses-function-call",
          "responses-reasoning-tokens",
          "responses-streaming");

  @Test
  void everyOpenAiCaseLoads() {
    for (String name : OPENAI_CASES) {
      Recording recording = Recording.load("openai/" + name);

      assertThat(recording.path()).as(name).startsWith("/v1/");
      assertThat(recording.body()).as(name).isNotEmpty();
    }
  }

  @Test
  void streamEventsJoinToRecordedBytes() {
    FakeResponse response = FakeResponse.recording("openai/chat-stream-include-usage");
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    response.events().forEach(joined::writeBytes);

    assertThat(response.events().size()).isEqualTo(7);
    assertThat(joined.toByteArray())
        .isEqualTo(Recording.load("openai/chat-stream-include-usage").body());
  }

  @Test
  void unknownCaseNamesExpectedResource() {
    assertThatThrownBy(() -> Recording.load("openai/no-such-case"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("recordings/openai/no-such-case/request.meta.json");
  }

  @Test
  void defaultRecordingFollowsRequestBody() {
    assertThat(chatCase("{\"stream\":true,\"stream_options\":{\"include_usage\":true}}"))
        .isEqualTo("openai/chat-stream-include-usage");
    assertThat(chatCase("{\"stream\":true,\"tools\":[{}]}"))
        .isEqualTo("openai/chat-stream-tool-calls-1");
    assertThat(chatCase("{\"stream\":true,\"tools\":[{}],\"messages\":[{\"role\":\"tool\"}]}"))
        .isEqualTo("openai/chat-stream-tool-calls-2");
    assertThat(chatCase("{\"tools\":[{}],\"messages\":[{\"role\":\"tool\"}]}"))
        .isEqualTo("openai/chat-tool-calls-2");
    assertThat(chatCase("{\"n\":2}")).isEqualTo("openai/chat-multiple-choices");
    assertThat(chatCase("{}")).isEqualTo("openai/chat-basic");
  }

  private static String chatCase(String body) {
    return DefaultRecordings.caseFor("POST", "/v1/chat/completions", Json.parseOrNull(body));
  }
}
