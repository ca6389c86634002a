package com.langfuse.agent.instrumentation.springai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ProviderRequestsTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void parametersKeepScalarsButModel() throws Exception {
    JsonNode body =
        MAPPER.readTree(
            "{\"model\":\"gpt-4o-mini\",\"temperature\":0.2,\"max_tokens\":50,"
                + "\"stream\":false,\"messages\":[{\"role\":\"user\"}],\"n\":null}");

    assertThat(ProviderRequests.parameters(body)).isEqualTo("{\"temperature\":0.2,\"max_tokens\":50}");
  }

  @Test
  void parametersNameStreamUsage() throws Exception {
    JsonNode body =
        MAPPER.readTree("{\"stream\":true,\"stream_options\":{\"include_usage\":true}}");

    assertThat(ProviderRequests.parameters(body))
        .isEqualTo("{\"stream\":true,\"stream_include_usage\":true}");
  }

  @Test
  void parametersNullWhenNoneSet() throws Exception {
    assertThat(ProviderRequests.parameters(MAPPER.readTree("{\"model\":\"m\"}"))).isNull();
  }

  @Test
  void openAiInputIsMessagesWithoutTools() throws Exception {
    JsonNode body = MAPPER.readTree("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertThat(ProviderRequests.chatInput(ProviderFormat.OPENAI, body))
        .isEqualTo("[{\"role\":\"user\",\"content\":\"hi\"}]");
  }

  @Test
  void anthropicInputKeepsSystemAndTools() throws Exception {
    JsonNode body =
        MAPPER.readTree(
            "{\"system\":\"be brief\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"tools\":[{\"name\":\"get_weather\"}]}");

    assertThat(ProviderRequests.chatInput(ProviderFormat.ANTHROPIC, body))
        .isEqualTo(
            "{\"system\":\"be brief\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"tools\":[{\"name\":\"get_weather\"}]}");
  }
}
