package com.langfuse.agent.instrumentation.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ImageBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ImageFormat;
import software.amazon.awssdk.services.bedrockruntime.model.ImageSource;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

class SdkJsonTest {

  @Test
  void messageUsesWireNames() {
    Message message =
        Message.builder()
            .role(ConversationRole.ASSISTANT)
            .content(
                ContentBlock.fromText("Checking \"Paris\"\n"),
                ContentBlock.fromToolUse(
                    ToolUseBlock.builder()
                        .toolUseId("tooluse_1")
                        .name("get_weather")
                        .input(
                            Document.mapBuilder()
                                .putString("city", "Paris")
                                .putNumber("days", 3)
                                .putList("units", List.of(Document.fromString("C")))
                                .build())
                        .build()))
            .build();

    assertThat(SdkJson.write(message))
        .isEqualTo(
            "{\"role\":\"assistant\",\"content\":[{\"text\":\"Checking \\\"Paris\\\"\\n\"},"
                + "{\"toolUse\":{\"toolUseId\":\"tooluse_1\",\"name\":\"get_weather\","
                + "\"input\":{\"city\":\"Paris\",\"days\":3,\"units\":[\"C\"]}}}]}");
  }

  @Test
  void unsetListsLeftOut() {
    Message message = Message.builder().role(ConversationRole.USER).build();

    assertThat(SdkJson.write(message)).isEqualTo("{\"role\":\"user\"}");
  }

  @Test
  void bytesBecomePlaceholder() {
    ContentBlock image =
        ContentBlock.fromImage(
            ImageBlock.builder()
                .format(ImageFormat.PNG)
                .source(ImageSource.fromBytes(SdkBytes.fromByteArray(new byte[1234])))
                .build());

    assertThat(SdkJson.write(image))
        .isEqualTo("{\"image\":{\"format\":\"png\",\"source\":{\"bytes\":\"<1234 bytes>\"}}}");
  }

  @Test
  void fieldsReadByWireName() {
    TokenUsage usage = TokenUsage.builder().inputTokens(5).outputTokens(2).build();

    assertThat(SdkJson.longField(usage, "inputTokens")).isEqualTo(5L);
    assertThat(SdkJson.longField(usage, "cacheReadInputTokens")).isNull();
    assertThat(SdkJson.field(usage, "noSuchField")).isNull();
    assertThat(SdkJson.listField(usage, "cacheDetails")).isEmpty();
  }

  @Test
  void nonFiniteNumbersBecomeStrings() {
    assertThat(SdkJson.write(Double.NaN)).isEqualTo("\"NaN\"");
    assertThat(SdkJson.write(0.5f)).isEqualTo("0.5");
  }
}
