package com.langfuse.agent.instrumentation.googlegenai;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.Part;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentOutputTest {

  @Test
  void severalCandidatesBecomeArray() {
    GenerateContentResponse response =
        GenerateContentResponse.fromJson(
            "{\"candidates\": [{\"content\": {\"role\": \"model\", \"parts\": [{\"text\":"
                + " \"one\"}]}, \"finishReason\": \"STOP\", \"index\": 0}, {\"content\":"
                + " {\"role\": \"model\", \"parts\": [{\"text\": \"two\"}]}, \"finishReason\":"
                + " \"MAX_TOKENS\", \"index\": 1}]}");

    assertThat(ContentOutput.fromResponse(Json.tree(response)))
        .isEqualTo(
            "[{\"role\":\"model\",\"content\":[{\"text\":\"one\"}],\"finish_reason\":\"STOP\"},"
                + "{\"role\":\"model\",\"content\":[{\"text\":\"two\"}],"
                + "\"finish_reason\":\"MAX_TOKENS\"}]");
    assertThat(ResponseSummary.finishReasons(response)).containsExactly("STOP", "MAX_TOKENS");
  }

  @Test
  void blockedPromptOutputsFeedback() {
    GenerateContentResponse response =
        GenerateContentResponse.fromJson("{\"promptFeedback\": {\"blockReason\": \"SAFETY\"}}");

    assertThat(ContentOutput.fromResponse(Json.tree(response)))
        .isEqualTo("{\"promptFeedback\":{\"blockReason\":\"SAFETY\"}}");
  }

  @Test
  void streamedTextPartsJoined() {
    List<Part> parts =
        List.of(
            Part.fromJson("{\"text\": \"Let me think\", \"thought\": true}"),
            Part.fromJson("{\"text\": \" twice.\", \"thought\": true}"),
            Part.fromText("Hello"),
            Part.fromText(", world"),
            Part.fromJson("{\"functionCall\": {\"name\": \"f\", \"args\": {}}}"),
            Part.fromText("!"));

    assertThat(Json.write(ContentStreamAccumulator.mergeText(parts)))
        .isEqualTo(
            "[{\"text\":\"Let me think twice.\",\"thought\":true},{\"text\":\"Hello, world\"},"
                + "{\"functionCall\":{\"args\":{},\"name\":\"f\"}},{\"text\":\"!\"}]");
  }
}
