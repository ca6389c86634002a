package com.langfuse.agent.instrumentation.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ToolChoice;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatRequestsTest {

  @Test
  void modelParametersAreScalars() {
    ChatRequestParameters parameters =
        ChatRequestParameters.builder()
            .modelName("gpt-4o-mini")
            .temperature(0.7)
            .topP(0.9)
            .maxOutputTokens(50)
            .stopSequences(List.of("END"))
            .toolChoice(ToolChoice.REQUIRED)
            .build();

    assertThat(ChatRequests.modelParameters(parameters))
        .isEqualTo(
            "{\"temperature\":0.7,\"top_p\":0.9,\"max_tokens\":50,"
                + "\"stop\":\"[\\\"END\\\"]\",\"tool_choice\":\"required\"}");
  }

  @Test
  void noParametersGiveNull() {
    assertThat(ChatRequests.modelParameters(ChatRequestParameters.builder().build())).isNull();
  }

  @Test
  void inputMessagesAndTools() {
    ToolExecutionRequest call =
        ToolExecutionRequest.builder()
            .id("call_1")
            .name("get_weather")
            .arguments("{\"location\":\"Paris\"}")
            .build();
    List<ChatMessage> messages =
        List.of(
            SystemMessage.from("Be brief."),
            UserMessage.from("Weather?"),
            AiMessage.from(call),
            ToolExecutionResultMessage.from(call, "sunny"));
    ToolSpecification tool =
        ToolSpecification.builder().name("get_weather").description("Weather of a city").build();

    assertThat(ChatMessages.input(messages, List.of(tool)))
        .isEqualTo(
            "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"Weather?\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"arguments\":\"{\\\"location\\\":\\\"Paris\\\"}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"name\":\"get_weather\","
                + "\"content\":\"sunny\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"description\":\"Weather of a city\"}}]}");
  }

  @Test
  void inputWithoutToolsIsArray() {
    assertThat(ChatMessages.input(List.of(UserMessage.from("Hi")), List.of()))
        .isEqualTo("[{\"role\":\"user\",\"content\":\"Hi\"}]");
  }

  @Test
  void lastUserTextFound() {
    List<ChatMessage> messages =
        List.of(UserMessage.from("first"), AiMessage.from("reply"), UserMessage.from("second"));

    assertThat(ChatMessages.lastUserText(messages)).isEqualTo("second");
  }

  @Test
  void httpErrorNamesStatusAndMessage() {
    RuntimeException error =
        new RuntimeException(
            new HttpException(404, "{\"error\":{\"message\":\"model \\\"x\\\" not found\"}}"));

    assertThat(ErrorDescriptions.describe(error)).isEqualTo("HTTP 404: model \"x\" not found");
  }

  @Test
  void otherErrorNamesClassAndMessage() {
    assertThat(ErrorDescriptions.describe(new IllegalStateException("closed")))
        .isEqualTo("java.lang.IllegalStateException: closed");
  }
}
