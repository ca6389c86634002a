package com.langfuse.agent.instrumentation.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.core.JsonValue;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.errors.InternalServerException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.models.beta.messages.BetaMessage;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoiceTool;
import com.fasterxml.jackson.databind.JsonNode;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.testing.FakeResponse;
import com.langfuse.agent.testing.Recording;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class MessageTracingTest extends AnthropicTracingTestBase {

  static final String MODEL = "claude-sonnet-4-20250514";

  static MessageCreateParams.Builder basic() {
    return MessageCreateParams.builder()
        .model(MODEL)
        .maxTokens(100)
        .addUserMessage("Say hello in one word.");
  }

  static MessageCreateParams.Builder weatherTool() {
    Tool tool =
        Tool.builder()
            .name("get_weather")
            .description("Get weather by city")
            .inputSchema(
                Tool.InputSchema.builder()
                    .properties(
                        Tool.InputSchema.Properties.builder()
                            .putAdditionalProperty(
                                "city", JsonValue.from(Map.of("type", "string")))
                            .build())
                    .required(List.of("city"))
                    .build())
            .build();
    return MessageCreateParams.builder()
        .model(MODEL)
        .maxTokens(256)
        .addUserMessage("What is the weather in SF?")
        .addTool(tool)
        .toolChoice(ToolChoiceTool.builder().name("get_weather").build());
  }

  @Test
  void createRecordsGeneration() {
    Message message = client.messages().create(basic().build());

    SpanData span = onlySpan();
    assertThat(span.name()).isEqualTo("chat " + MODEL);
    assertThat(text(span, LangfuseAttributes.OBSERVATION_TYPE)).isEqualTo("generation");
    assertThat(text(span, LangfuseAttributes.GEN_AI_PROVIDER_NAME)).isEqualTo("anthropic");
    assertThat(text(span, LangfuseAttributes.GEN_AI_OPERATION_NAME)).isEqualTo("chat");
    assertThat(text(span, LangfuseAttributes.GEN_AI_REQUEST_MODEL)).isEqualTo(MODEL);
    assertThat(text(span, LangfuseAttributes.GEN_AI_RESPONSE_MODEL)).isEqualTo(MODEL);
    assertThat(text(span, LangfuseAttributes.GEN_AI_RESPONSE_ID))
        .isEqualTo("msg_0176GK1qFwwpVM59jDYiKPjN");
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_RESPONSE_FINISH_REASONS))
        .isEqualTo(List.of("end_turn"));
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_LEVEL)).isNull();
    assertThat(span.statusCode()).isEqualTo(SpanData.STATUS_UNSET);
    assertThat(message.id()).isEqualTo("msg_0176GK1qFwwpVM59jDYiKPjN");
  }

  @Test
  void createRecordsInputAndOutput() {
    client.messages().create(basic().system("Be brief.").build());

    SpanData span = onlySpan();
    assertThat(json(span, LangfuseAttributes.OBSERVATION_INPUT))
        .isEqualTo(
            json(
                "[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                    + "{\"role\":\"user\",\"content\":\"Say hello in one word.\"}]"));
    assertThat(json(span, LangfuseAttributes.OBSERVATION_OUTPUT))
        .isEqualTo(
            json(
                "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Hello!\"}],"
                    + "\"stop_reason\":\"end_turn\"}"));
  }

  @Test
  void createRecordsUsageDetails() {
    client.messages().create(basic().build());

    SpanData span = onlySpan();
    assertThat(json(span, LangfuseAttributes.OBSERVATION_USAGE_DETAILS))
        .isEqualTo(
            json(
                "{\"input\":13,\"input_cache_read\":0,\"input_cache_creation_5m\":0,"
                    + "\"input_cache_creation_1h\":0,\"output\":5,\"total\":18}"));
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_USAGE_INPUT_TOKENS)).isEqualTo(13L);
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_USAGE_OUTPUT_TOKENS)).isEqualTo(5L);
  }

  @Test
  void cacheTokensGetTheirOwnKeys() {
    String body =
        new String(Recording.load("anthropic/messages-cache-tokens").body(), StandardCharsets.UTF_8)
            .replace("\"cache_creation_input_tokens\": 0", "\"cache_creation_input_tokens\": 300")
            .replace("\"cache_read_input_tokens\": 0", "\"cache_read_input_tokens\": 1200")
            .replace("\"ephemeral_5m_input_tokens\": 0", "\"ephemeral_5m_input_tokens\": 100")
            .replace("\"ephemeral_1h_input_tokens\": 0", "\"ephemeral_1h_input_tokens\": 200");
    provider.enqueue(FakeResponse.json(200, body));

    client.messages().create(basic().build());

    SpanData span = onlySpan();
    assertThat(json(span, LangfuseAttributes.OBSERVATION_USAGE_DETAILS))
        .isEqualTo(
            json(
                "{\"input\":13,\"input_cache_read\":1200,\"input_cache_creation_5m\":100,"
                    + "\"input_cache_creation_1h\":200,\"output\":5,\"total\":1518}"));
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_USAGE_INPUT_TOKENS)).isEqualTo(1513L);
  }

  @Test
  void cacheWritesWithoutSplitUseOneKey() {
    String body =
        new String(Recording.load("anthropic/messages-cache-tokens").body(), StandardCharsets.UTF_8)
            .replace("\"cache_creation_input_tokens\": 0", "\"cache_creation_input_tokens\": 300")
            .replaceAll("\"cache_creation\": \\{[^}]*\\},", "");
    provider.enqueue(FakeResponse.json(200, body));

    client.messages().create(basic().build());

    JsonNode usage = json(onlySpan(), LangfuseAttributes.OBSERVATION_USAGE_DETAILS);
    assertThat(usage.path("input_cache_creation").asLong()).isEqualTo(300);
    assertThat(usage.has("input_cache_creation_5m")).isFalse();
    assertThat(usage.path("total").asLong()).isEqualTo(318);
  }

  @Test
  void modelParametersAreScalars() {
    // SDK 3.16 has no builder methods for the sampling parameters that newer models reject, so
    // the test sets them as extra body properties, which go over the wire all the same.
    client
        .messages()
        .create(
            basic()
                .putAdditionalBodyProperty("temperature", JsonValue.from(0.5))
                .putAdditionalBodyProperty("top_p", JsonValue.from(0.9))
                .putAdditionalBodyProperty("top_k", JsonValue.from(40))
                .stopSequences(List.of("END", "STOP"))
                .build());

    assertThat(json(onlySpan(), LangfuseAttributes.OBSERVATION_MODEL_PARAMETERS))
        .isEqualTo(
            json(
                "{\"max_tokens\":100,\"temperature\":0.5,\"top_p\":0.9,\"top_k\":40,"
                    + "\"stop_sequences\":\"[\\\"END\\\",\\\"STOP\\\"]\"}"));
  }

  @Test
  void toolUseInOutputAndToolsInInput() {
    client.messages().create(weatherTool().build());

    SpanData span = onlySpan();
    JsonNode input = json(span, LangfuseAttributes.OBSERVATION_INPUT);
    assertThat(input.path("tools").get(0).path("name").asText()).isEqualTo("get_weather");
    assertThat(input.path("messages").get(0).path("content").asText())
        .isEqualTo("What is the weather in SF?");
    JsonNode output = json(span, LangfuseAttributes.OBSERVATION_OUTPUT);
    JsonNode block = output.path("content").get(0);
    assertThat(block.path("type").asText()).isEqualTo("tool_use");
    assertThat(block.path("id").asText()).isEqualTo("toolu_01UAcA2APHENDob6qJ8kmoaC");
    assertThat(block.path("input")).isEqualTo(json("{\"city\":\"San Francisco\"}"));
    assertThat(output.path("stop_reason").asText()).isEqualTo("tool_use");
    JsonNode parameters = json(span, LangfuseAttributes.OBSERVATION_MODEL_PARAMETERS);
    assertThat(parameters.path("tool_choice").asText()).isEqualTo("get_weather");
  }

  @Test
  void thinkingBlocksInOutput() {
    client
        .messages()
        .create(
            MessageCreateParams.builder()
                .model(MODEL)
                .maxTokens(16000)
                .addUserMessage("What is 17*19? Think first.")
                .enabledThinking(10000)
                .build());

    SpanData span = onlySpan();
    JsonNode content = json(span, LangfuseAttributes.OBSERVATION_OUTPUT).path("content");
    assertThat(content.get(0).path("type").asText()).isEqualTo("thinking");
    assertThat(content.get(0).path("thinking").asText()).startsWith("I need to calculate 17");
    assertThat(content.get(1).path("type").asText()).isEqualTo("text");
    assertThat(content.get(1).path("text").asText()).endsWith("17 \u00d7 19 = 323.");
    JsonNode parameters = json(span, LangfuseAttributes.OBSERVATION_MODEL_PARAMETERS);
    assertThat(parameters.path("thinking").asText()).isEqualTo("enabled");
    assertThat(parameters.path("thinking_budget_tokens").asLong()).isEqualTo(10000);
    assertThat(json(span, LangfuseAttributes.OBSERVATION_USAGE_DETAILS).path("output").asLong())
        .isEqualTo(417);
  }

  @Test
  void notFoundMarksErrorAndRethrows() {
    provider.enqueue("anthropic/messages-error-404");

    assertThatThrownBy(() -> client.messages().create(basic().model("invalid-model-name").build()))
        .isInstanceOf(NotFoundException.class);

    SpanData span = onlySpan();
    assertThat(span.statusCode()).isEqualTo(SpanData.STATUS_ERROR);
    assertThat(text(span, LangfuseAttributes.OBSERVATION_LEVEL)).isEqualTo("ERROR");
    assertThat(text(span, LangfuseAttributes.OBSERVATION_STATUS_MESSAGE))
        .isEqualTo("HTTP 404: model: invalid-model-name");
    assertThat(span.name()).isEqualTo("chat invalid-model-name");
  }

  @Test
  void serverErrorMarksErrorAndRethrows() {
    provider.enqueue(
        FakeResponse.json(
            500,
            "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal"
                + " server error\"}}"));

    assertThatThrownBy(() -> client.messages().create(basic().build()))
        .isInstanceOf(InternalServerException.class);

    SpanData span = onlySpan();
    assertThat(text(span, LangfuseAttributes.OBSERVATION_STATUS_MESSAGE))
        .isEqualTo("HTTP 500: Internal server error");
  }

  @Test
  void asyncCreateEndsOnCompletion() throws Exception {
    CompletableFuture<Message> future = client.async().messages().create(basic().build());

    Message message = future.get();

    SpanData span = awaitSpan();
    assertThat(message.id()).isEqualTo("msg_0176GK1qFwwpVM59jDYiKPjN");
    assertThat(json(span, LangfuseAttributes.OBSERVATION_OUTPUT).path("content").get(0))
        .isEqualTo(json("{\"type\":\"text\",\"text\":\"Hello!\"}"));
  }

  @Test
  void asyncErrorMarksError() throws Exception {
    provider.enqueue("anthropic/messages-error-404");

    CompletableFuture<Message> future = client.async().messages().create(basic().build());

    assertThatThrownBy(future::get)
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(NotFoundException.class);
    SpanData span = awaitSpan();
    assertThat(text(span, LangfuseAttributes.OBSERVATION_STATUS_MESSAGE)).startsWith("HTTP 404");
  }

  @Test
  void rawResponseTracedOnParse() {
    Message message;
    try (HttpResponseFor<Message> response =
        client.messages().withRawResponse().create(basic().build())) {
      assertThat(SPANS).as("span open until the response is parsed").isEmpty();
      assertThat(response.statusCode()).isEqualTo(200);
      message = response.parse();
    }

    SpanData span = onlySpan();
    assertThat(message.id()).isEqualTo("msg_0176GK1qFwwpVM59jDYiKPjN");
    assertThat(text(span, LangfuseAttributes.GEN_AI_RESPONSE_ID)).isEqualTo(message.id());
  }

  @Test
  void betaCreateRecordsGeneration() {
    BetaMessage message =
        client
            .beta()
            .messages()
            .create(
                com.anthropic.models.beta.messages.MessageCreateParams.builder()
                    .model(MODEL)
                    .maxTokens(100)
                    .addUserMessage("Say hello in one word.")
                    .build());

    SpanData span = onlySpan();
    assertThat(message.id()).isEqualTo("msg_0176GK1qFwwpVM59jDYiKPjN");
    assertThat(span.name()).isEqualTo("chat " + MODEL);
    assertThat(json(span, LangfuseAttributes.OBSERVATION_USAGE_DETAILS).path("total").asLong())
        .isEqualTo(18);
    assertThat(json(span, LangfuseAttributes.OBSERVATION_OUTPUT).path("content").get(0))
        .isEqualTo(json("{\"type\":\"text\",\"text\":\"Hello!\"}"));
    assertThat(json(span, LangfuseAttributes.OBSERVATION_INPUT).get(0).path("role").asText())
        .isEqualTo("user");
  }

  @Test
  void sdkClassesWereTransformed() {
    client.messages().create(basic().build());

    assertThat(TestAgent.errors()).isEmpty();
    assertThat(TestAgent.transformedTypes())
        .contains(
            "com.anthropic.services.blocking.MessageServiceImpl",
            "com.anthropic.services.blocking.MessageServiceImpl$WithRawResponseImpl");
  }
}
