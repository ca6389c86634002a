package com.langfuse.agent.instrumentation.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

class ModelFamilyTest {

  @Test
  void familyFromModelIds() {
    assertThat(ModelFamily.of("anthropic.claude-3-haiku-20240307-v1:0"))
        .isEqualTo(ModelFamily.ANTHROPIC);
    assertThat(ModelFamily.of("us.anthropic.claude-sonnet-4-20250514-v1:0"))
        .isEqualTo(ModelFamily.ANTHROPIC);
    assertThat(ModelFamily.of("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2"))
        .isEqualTo(ModelFamily.ANTHROPIC);
    assertThat(ModelFamily.of("us.amazon.nova-lite-v1:0")).isEqualTo(ModelFamily.NOVA);
    assertThat(ModelFamily.of("meta.llama3-8b-instruct-v1:0")).isEqualTo(ModelFamily.LLAMA);
    assertThat(ModelFamily.of("cohere.command-r-v1:0")).isEqualTo(ModelFamily.OTHER);
    assertThat(ModelFamily.of(null)).isEqualTo(ModelFamily.OTHER);
  }

  @Test
  void claudeRequestBody() {
    JsonNode body =
        parse(
            "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":200,\"top_k\":5,"
                + "\"stop_sequences\":[\"END\"],\"system\":\"Be brief.\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"tools\":[{\"name\":\"t\"}]}");

    assertThat(ModelFamily.ANTHROPIC.parameters(body))
        .isEqualTo("{\"max_tokens\":200,\"top_k\":5,\"stop_sequences\":\"[\\\"END\\\"]\"}");
    assertThat(ModelFamily.ANTHROPIC.input(body))
        .isEqualTo(
            "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"Hi\"}],\"tools\":[{\"name\":\"t\"}]}");
  }

  @Test
  void claudeResponseWithCacheSplit() {
    InvokeModelResults.Result result = new InvokeModelResults.Result();

    ModelFamily.ANTHROPIC.readResponse(
        parse(
            "{\"id\":\"msg_1\",\"model\":\"claude-x\",\"role\":\"assistant\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}],\"stop_reason\":\"end_turn\","
                + "\"usage\":{\"input_tokens\":3,\"output_tokens\":2,"
                + "\"cache_read_input_tokens\":100,\"cache_creation_input_tokens\":10,"
                + "\"cache_creation\":{\"ephemeral_5m_input_tokens\":4,"
                + "\"ephemeral_1h_input_tokens\":6}}}"),
        result);

    assertThat(result.id).isEqualTo("msg_1");
    assertThat(result.model).isEqualTo("claude-x");
    assertThat(result.stopReason).isEqualTo("end_turn");
    assertThat(result.usage.toJson())
        .isEqualTo(
            "{\"input\":3,\"input_cache_read\":100,\"input_cache_creation_5m\":4,"
                + "\"input_cache_creation_1h\":6,\"output\":2,\"total\":115}");
    assertThat(result.output.get())
        .isEqualTo(
            "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}],"
                + "\"stop_reason\":\"end_turn\"}");
  }

  @Test
  void novaRequestAndResponse() {
    JsonNode request =
        parse(
            "{\"system\":[{\"text\":\"Be brief.\"}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}],"
                + "\"inferenceConfig\":{\"maxTokens\":300,\"topP\":0.9}}");
    InvokeModelResults.Result result = new InvokeModelResults.Result();

    ModelFamily.NOVA.readResponse(
        parse(
            "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"Yo\"}]}},"
                + "\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":11,\"outputTokens\":6,"
                + "\"totalTokens\":17,\"cacheReadInputTokenCount\":0}}"),
        result);

    assertThat(ModelFamily.NOVA.parameters(request)).isEqualTo("{\"maxTokens\":300,\"topP\":0.9}");
    assertThat(ModelFamily.NOVA.input(request))
        .startsWith("[{\"role\":\"system\",\"content\":[{\"text\":\"Be brief.\"}]},");
    assertThat(result.usage.toJson())
        .isEqualTo("{\"input\":11,\"input_cache_read\":0,\"output\":6,\"total\":17}");
    assertThat(result.output.get())
        .isEqualTo(
            "{\"role\":\"assistant\",\"content\":[{\"text\":\"Yo\"}],\"stopReason\":\"end_turn\"}");
  }

  @Test
  void llamaPromptAndGeneration() {
    JsonNode request = parse("{\"prompt\":\"Hi\",\"max_gen_len\":128,\"temperature\":0.5}");
    InvokeModelResults.Result result = new InvokeModelResults.Result();

    ModelFamily.LLAMA.readResponse(
        parse(
            "{\"generation\":\"Yo\",\"prompt_token_count\":21,\"generation_token_count\":6,"
                + "\"stop_reason\":\"stop\"}"),
        result);

    assertThat(ModelFamily.LLAMA.parameters(request))
        .isEqualTo("{\"max_gen_len\":128,\"temperature\":0.5}");
    assertThat(ModelFamily.LLAMA.input(request)).isEqualTo("\"Hi\"");
    assertThat(result.output.get()).isEqualTo("\"Yo\"");
    assertThat(result.stopReason).isEqualTo("stop");
    assertThat(result.usage.toJson()).isEqualTo("{\"input\":21,\"output\":6,\"total\":27}");
  }

  @Test
  void otherFamilyKeepsWholeBodies() {
    JsonNode request = parse("{\"inputText\":\"Hi\",\"maxTokenCount\":50,\"stream\":false}");
    InvokeModelResults.Result result = new InvokeModelResults.Result();

    ModelFamily.OTHER.readResponse(parse("{\"results\":[{\"outputText\":\"Yo\"}]}"), result);

    assertThat(ModelFamily.OTHER.parameters(request))
        .isEqualTo("{\"maxTokenCount\":50,\"stream\":false}");
    assertThat(ModelFamily.OTHER.input(request))
        .isEqualTo("{\"inputText\":\"Hi\",\"maxTokenCount\":50,\"stream\":false}");
    assertThat(result.output.get()).isEqualTo("{\"results\":[{\"outputText\":\"Yo\"}]}");
    assertThat(result.usage.toJson()).isNull();
  }

  private static JsonNode parse(String json) {
    return JsonNode.parser().parse(json);
  }
}
