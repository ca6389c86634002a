package com.langfuse.agent.instrumentation.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class ModelParametersTest {

  @Test
  void scalarsCopiedAsSent() {
    String parameters =
        ModelParameters.fromRequest(
            tree(
                "{\"model\":\"m\",\"max_tokens\":1024,\"temperature\":0.2,\"top_p\":0.9,"
                    + "\"top_k\":3,\"messages\":[]}"),
            false);

    assertThat(tree(parameters))
        .isEqualTo(tree("{\"max_tokens\":1024,\"temperature\":0.2,\"top_p\":0.9,\"top_k\":3}"));
  }

  @Test
  void structuredValuesBecomeScalars() {
    String parameters =
        ModelParameters.fromRequest(
            tree(
                "{\"max_tokens\":16000,\"stop_sequences\":[\"A\"],"
                    + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":10000},"
                    + "\"tool_choice\":{\"type\":\"any\",\"disable_parallel_tool_use\":true}}"),
            true);

    assertThat(tree(parameters))
        .isEqualTo(
            tree(
                "{\"max_tokens\":16000,\"stop_sequences\":\"[\\\"A\\\"]\","
                    + "\"thinking\":\"enabled\",\"thinking_budget_tokens\":10000,"
                    + "\"tool_choice\":\"any\",\"disable_parallel_tool_use\":true,"
                    + "\"stream\":true}"));
  }

  @Test
  void noParametersGivesNull() {
    assertThat(ModelParameters.fromRequest(tree("{\"messages\":[]}"), false)).isNull();
  }

  private static JsonNode tree(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
