package com.langfuse.agent.instrumentation.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatText;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatCompletionTracingTest extends OpenAiTracingTestBase {

  static final String QUESTION = "Answer in up to 3 words: Which ocean contains Bouvet Island?";

  static ChatCompletionCreateParams.Builder basic() {
    return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(QUESTION);
  }

  static ChatCompletionCreateParams.Builder weatherTools() {
    return ChatCompletionCreateParams.builder()
        .model("gpt-4o-mini")
        .addSystemMessage("You are a helpful assistant providing weather updates.")
        .addUserMessage("What is the weather in New York City and London?")
        .addFunctionTool(
            FunctionDefinition.builder()
                .name("get_weather")
                .parameters(
                    FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("required", JsonValue.from(List.of("location")))
                        .putAdditionalProperty(
                            "properties",
                            JsonValue.from(Map.of("location", Map.of("type", "string"))))
                        .build())
                .build());
  }

  @Test
  void chatBasicRecordsGeneration() {
    server.enqueue("chat-basic");

    ChatCompletion completion = client.chat().completions().create(basic().build());

    SpanData span = onlySpan();
    assertThat(span.name()).isEqualTo("chat gpt-4o-mini");
    assertThat(span.kind()).isEqualTo(SpanData.KIND_CLIENT);
    assertThat(span.parentSpanId()).isNull();
    assertThat(span.isEnded()).isTrue();
    assertThat(span.statusCode()).isEqualTo(SpanData.STATUS_UNSET);
    assertThat(text(span, LangfuseAttributes.OBSERVATION_TYPE)).isEqualTo("generation");
    assertThat(text(span, LangfuseAttributes.GEN_AI_OPERATION_NAME)).isEqualTo("chat");
    assertThat(text(span, LangfuseAttributes.GEN_AI_PROVIDER_NAME)).isEqualTo("openai");
    assertThat(text(span, LangfuseAttributes.GEN_AI_REQUEST_MODEL)).isEqualTo("gpt-4o-mini");
    assertThat(text(span, LangfuseAttributes.GEN_AI_RESPONSE_MODEL))
        .isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(text(span, LangfuseAttributes.GEN_AI_RESPONSE_ID))
        .isEqualTo("chatcmpl-BpUinPP6uoKQ7wujISoeiCaI3hAIf");
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_RESPONSE_FINISH_REASONS))
        .isEqualTo(List.of("stop"));
    assertThat(json(span, LangfuseAttributes.OBSERVATION_USAGE_DETAILS))
        .isEqualTo(
            json(
                "{\"input\":22,\"input_cached_tokens\":0,\"output\":2,"
                    + "\"output_reasoning_tokens\":0,\"total\":24}"));
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_USAGE_INPUT_TOKENS)).isEqualTo(22L);
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_USAGE_OUTPUT_TOKENS)).isEqualTo(2L);
    assertThat(json(span, LangfuseAttributes.OBSERVATION_INPUT))
        .isEqualTo(json("[{\"role\":\"user\",\"content\":\"" + QUESTION + "\"}]"));
    assertThat(json(span, LangfuseAttributes.OBSERVATION_OUTPUT))
        .isEqualTo(
            json(
                "{\"role\":\"assistant\",\"content\":\"Atlantic Ocean\","
                    + "\"finish_reason\":\"stop\"}"));
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_MODEL_PARAMETERS)).isNull();
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_LEVEL)).isNull();
    assertThat(completion.toString())
        .isEqualTo(
            Recordings.parse(Recordings.reply("chat-basic").bodyText(), ChatCompletion.class)
                .toString());
  }

  @Test
  void chatAllClientOptionsRecordsParameters() {
    server.enqueue("chat-all-client-options");

    ChatCompletion completion =
        client
            .chat()
            .completions()
            .create(
                basic()
                    .temperature(1.0)
                    .topP(1.0)
                    .seed(100L)
                    .stopOfStrings(List.of("foo"))
                    .maxCompletionTokens(100L)
                    .frequencyPenalty(0.0)
                    .presencePenalty(0.0)
                    .responseFormat(ResponseFormatText.builder().build())
                    .build());

    SpanData span = onlySpan();
    JsonNode parameters = json(span, LangfuseAttributes.OBSERVATION_MODEL_PARAMETERS);
    assertThat(parameters)
        .isEqualTo(
            json(
                "{\"temperature\":1.0,\"top_p\":1.0,\"max_completion_tokens\":100,"
                    + "\"frequency_penalty\":0.0,\"presence_penalty\":0.0,\"seed\":100,"
                    + "\"stop\":\"[\\\"foo\\\"]\",\"response_format\":\"text\"}"));
    parameters.forEach(value -> assertThat(value.isValueNode()).isTrue());
    assertThat(text(span, LangfuseAttributes.GEN_AI_RESPONSE_ID))
        .isEqualTo("chatcmpl-BpWWJHSu0uRkjmdDA1qyxaNuho1VY");
    assertThat(completion.choices().get(0).message().content()).contains("Southern Ocean.");
  }

  @Test
  void chatMultipleChoicesRecordsOutputList() {
    server.enqueue("chat-multiple-choices");

    client.chat().completions().create(basic().n(2L).build());

    SpanData span = onlySpan();
    assertThat(json(span, LangfuseAttributes.OBSERVATION_OUTPUT))
        .isEqualTo(
            json(
                "[{\"role\":\"assistant\",\"content\":\"South Atlantic Ocean.\","
                    + "\"finish_reason\":\"stop\"},"
                    + "{\"role\":\"assistant\",\"content\":\"Atlantic Ocean.\","
                    + "\"finish_reason\":\"stop\"}]"));
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_RESPONSE_FINISH_REASONS))
        .isEqualTo(List.of("stop", "stop"));
    assertThat(json(span, LangfuseAttributes.OBSERVATION_MODEL_PARAMETERS))
        .isEqualTo(json("{\"n\":2}"));
  }

  @Test
  void chatDeveloperMessageRecordsRole() {
    server.enqueue("chat-developer-message");

    client
        .chat()
        .completions()
        .create(
            ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini")
                .addDeveloperMessage(
                    "You are an assistant which just answers every query with tomato")
                .addUserMessage("Say something")
                .build());

    SpanData span = onlySpan();
    assertThat(json(span, LangfuseAttributes.OBSERVATION_INPUT))
        .isEqualTo(
            json(
                "[{\"role\":\"developer\",\"content\":"
                    + "\"You are an assistant which just answers every query with tomato\"},"
                    + "{\"role\":\"user\",\"content\":\"Say something\"}]"));
    assertThat(json(span, LangfuseAttributes.OBSERVATION_OUTPUT).get("content").asText())
        .isEqualTo("Tomato.");
  }

  @Test
  void chatToolCallsTurnOneRecordsCalls() {
    server.enqueue("chat-tool-calls-1");

    ChatCompletion completion = client.chat().completions().create(weatherTools().build());

    SpanData span = onlySpan();
    JsonNode input = json(span, LangfuseAttributes.OBSERVATION_INPUT);
    assertThat(input.get("messages")).hasSize(2);
    assertThat(input.get("tools").get(0).get("function").get("name").asText())
        .isEqualTo("get_weather");
    JsonNode output = json(span, LangfuseAttributes.OBSERVATION_OUTPUT);
    assertThat(output.get("role").asText()).isEqualTo("assistant");
    assertThat(output.get("content").isNull()).isTrue();
    assertThat(output.get("finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(output.get("tool_calls"))
        .isEqualTo(
            json(
                "[{\"id\":\"call_o5VOIpOSlES8PT2Q4zkZilhv\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"get_weather\","
                    + "\"arguments\":\"{\\\"location\\\": \\\"New York City\\\"}\"}},"
                    + "{\"id\":\"call_10UVNyROFOS9zyVhxmKRggfr\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"get_weather\","
                    + "\"arguments\":\"{\\\"location\\\": \\\"London\\\"}\"}}]"));
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_RESPONSE_FINISH_REASONS))
        .isEqualTo(List.of("tool_calls"));
    assertThat(json(span, LangfuseAttributes.OBSERVATION_USAGE_DETAILS).get("total").asLong())
        .isEqualTo(113);
    assertThat(completion.toString())
        .isEqualTo(
            Recordings.parse(
                    Recordings.reply("chat-tool-calls-1").bodyText(), ChatCompletion.class)
                .toString());
  }

  @Test
  void chatToolCallsTurnTwoRecordsToolMessages() {
    server.enqueue("chat-tool-calls-1");
    server.enqueue("chat-tool-calls-2");
    ChatCompletion first = client.chat().completions().create(weatherTools().build());
    ChatCompletionCreateParams.Builder second =
        weatherTools().addMessage(first.choices().get(0).message());
    for (ChatCompletionMessageToolCall call : first.choices().get(0).message().toolCalls().get()) {
      String city = call.asFunction().function().arguments();
      second.addMessage(
          ChatCompletionToolMessageParam.builder()
              .toolCallId(call.asFunction().id())
              .content(city.contains("London") ? "15 degrees and raining" : "25 degrees and sunny")
              .build());
    }
    SPANS.clear();

    client.chat().completions().create(second.build());

    SpanData span = onlySpan();
    JsonNode messages = json(span, LangfuseAttributes.OBSERVATION_INPUT).get("messages");
    assertThat(messages).hasSize(5);
    assertThat(messages.get(2).get("role").asText()).isEqualTo("assistant");
    assertThat(messages.get(2).get("tool_calls").get(1).get("id").asText())
        .isEqualTo("call_10UVNyROFOS9zyVhxmKRggfr");
    assertThat(messages.get(3).get("role").asText()).isEqualTo("tool");
    assertThat(messages.get(3).get("tool_call_id").asText())
        .isEqualTo("call_o5VOIpOSlES8PT2Q4zkZilhv");
    assertThat(messages.get(4).get("content").asText()).isEqualTo("15 degrees and raining");
    JsonNode output = json(span, LangfuseAttributes.OBSERVATION_OUTPUT);
    assertThat(output.get("content").asText()).contains("New York City");
    assertThat(output.has("tool_calls")).isFalse();
  }
}
