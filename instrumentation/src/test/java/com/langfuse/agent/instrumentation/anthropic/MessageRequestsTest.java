package com.langfuse.agent.instrumentation.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class MessageRequestsTest {

  @Test
  void systemBlocksLeadMessages() {
    String input =
        MessageRequests.input(
            tree(
                "{\"system\":[{\"type\":\"text\",\"text\":\"Be brief.\"}],"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));

    assertThat(tree(input))
        .isEqualTo(
            tree(
                "[{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"Be brief.\"}]},"
                    + "{\"role\":\"user\",\"content\":\"Hi\"}]"));
  }

  @Test
  void toolsWrapMessagesInObject() {
    String input =
        MessageRequests.input(
            tree(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                    + "\"tools\":[{\"name\":\"get_weather\"}]}"));

    assertThat(tree(input))
        .isEqualTo(
            tree(
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                    + "\"tools\":[{\"name\":\"get_weather\"}]}"));
  }

  @Test
  void missingMessagesGivesEmptyList() {
    assertThat(MessageRequests.input(tree("{}"))).isEqualTo("[]");
  }

  private static JsonNode tree(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
