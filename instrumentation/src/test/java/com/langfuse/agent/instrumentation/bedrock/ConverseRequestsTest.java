package com.langfuse.agent.instrumentation.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;

class ConverseRequestsTest {

  private static final Message USER =
      Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("Hi")).build();

  @Test
  void parametersFromInferenceConfig() {
    ConverseRequest request =
        ConverseRequest.builder()
            .modelId("m")
            .messages(USER)
            .inferenceConfig(
                c -> c.maxTokens(100).temperature(0.5f).topP(0.9f).stopSequences("END"))
            .additionalModelRequestFields(
                Document.mapBuilder()
                    .putNumber("top_k", 5)
                    .putDocument("nested", Document.mapBuilder().putString("a", "b").build())
                    .build())
            .build();

    assertThat(ConverseRequests.parameters(request, false))
        .isEqualTo(
            "{\"maxTokens\":100,\"temperature\":0.5,\"topP\":0.9,"
                + "\"stopSequences\":\"[\\\"END\\\"]\",\"top_k\":5}");
  }

  @Test
  void streamParameterOnlyForStreams() {
    ConverseStreamRequest request = ConverseStreamRequest.builder().modelId("m").build();

    assertThat(ConverseRequests.parameters(request, true)).isEqualTo("{\"stream\":true}");
    assertThat(ConverseRequests.parameters(request, false)).isNull();
  }

  @Test
  void inputPutsSystemFirst() {
    ConverseRequest request =
        ConverseRequest.builder()
            .modelId("m")
            .system(SystemContentBlock.fromText("Be brief."))
            .messages(USER)
            .build();

    assertThat(ConverseRequests.input(request))
        .isEqualTo(
            "[{\"role\":\"system\",\"content\":[{\"text\":\"Be brief.\"}]},"
                + "{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}]");
  }

  @Test
  void inputWithToolConfig() {
    ConverseRequest request =
        ConverseRequest.builder()
            .modelId("m")
            .messages(USER)
            .toolConfig(
                c ->
                    c.tools(
                        Tool.fromToolSpec(
                            ToolSpecification.builder()
                                .name("get_weather")
                                .inputSchema(
                                    ToolInputSchema.fromJson(
                                        Document.mapBuilder().putString("type", "object").build()))
                                .build())))
            .build();

    assertThat(ConverseRequests.input(request))
        .isEqualTo(
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}],"
                + "\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"get_weather\","
                + "\"inputSchema\":{\"json\":{\"type\":\"object\"}}}}]}}");
  }
}
