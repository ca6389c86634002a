package com.langfuse.agent.instrumentation.anthropic;

import static com.langfuse.agent.instrumentation.anthropic.MessageTracingTest.MODEL;
import static com.langfuse.agent.instrumentation.anthropic.MessageTracingTest.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.beta.messages.BetaRawMessageStreamEvent;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.testing.FakeResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MessageStreamTracingTest extends AnthropicTracingTestBase {

  /** Events of the recorded stream {@code anthropic/messages-streaming}, ping included. */
  static final int RECORDED_EVENTS = 7;

  @Test
  void streamConsumedFullyRecordsOutput() {
    List<RawMessageStreamEvent> events;

    try (StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(basic().build())) {
      events = stream.stream().collect(Collectors.toList());
      assertThat(SPANS).as("span ended when the stream was exhausted, before close").hasSize(1);
    }

    SpanData span = onlySpan();
    assertThat(events).hasSize(RECORDED_EVENTS - 1);
    assertThat(span.name()).isEqualTo("chat " + MODEL);
    assertThat(json(span, LangfuseAttributes.OBSERVATION_OUTPUT))
        .isEqualTo(
            json(
                "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Hello.\"}],"
                    + "\"stop_reason\":\"end_turn\"}"));
    assertThat(text(span, LangfuseAttributes.GEN_AI_RESPONSE_ID))
        .isEqualTo("msg_01VY8H3oPFs4WWVnJXFDxNhU");
    assertThat(text(span, LangfuseAttributes.GEN_AI_RESPONSE_MODEL)).isEqualTo(MODEL);
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_RESPONSE_FINISH_REASONS))
        .isEqualTo(List.of("end_turn"));
    assertThat(json(span, LangfuseAttributes.OBSERVATION_MODEL_PARAMETERS))
        .isEqualTo(json("{\"max_tokens\":100,\"stream\":true}"));
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_LEVEL)).isNull();
  }

  @Test
  void streamRecordsFinalUsage() {
    try (StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(basic().build())) {
      Iterator<RawMessageStreamEvent> iterator = stream.stream().iterator();
      while (iterator.hasNext()) {
        iterator.next();
      }
    }

    SpanData span = onlySpan();
    assertThat(json(span, LangfuseAttributes.OBSERVATION_USAGE_DETAILS))
        .isEqualTo(
            json(
                "{\"input\":13,\"input_cache_read\":0,\"input_cache_creation_5m\":0,"
                    + "\"input_cache_creation_1h\":0,\"output\":5,\"total\":18}"));
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_USAGE_OUTPUT_TOKENS)).isEqualTo(5L);
  }

  @Test
  void firstContentDeltaSetsCompletionStart() {
    try (StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(basic().build())) {
      stream.stream().forEach(event -> {});
    }

    SpanData span = onlySpan();
    String start = text(span, LangfuseAttributes.OBSERVATION_COMPLETION_START_TIME);
    assertThat(start).matches(ISO_MILLIS);
    long startMillis = Instant.parse(start).toEpochMilli();
    assertThat(startMillis)
        .isBetween(
            TimeUnit.NANOSECONDS.toMillis(span.startEpochNanos()),
            TimeUnit.NANOSECONDS.toMillis(span.endEpochNanos()));
  }

  @Test
  void streamAssemblesThinkingAndToolUse() {
    provider.enqueue(thinkingToolUseStream());

    try (StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(MessageTracingTest.weatherTool().build())) {
      stream.stream().forEach(event -> {});
    }

    SpanData span = onlySpan();
    JsonNode output = json(span, LangfuseAttributes.OBSERVATION_OUTPUT);
    assertThat(output.path("stop_reason").asText()).isEqualTo("tool_use");
    JsonNode content = output.path("content");
    assertThat(content.get(0))
        .isEqualTo(
            json(
                "{\"type\":\"thinking\",\"thinking\":\"The user wants the weather. I will call"
                    + " the tool.\",\"signature\":\"c2lnbmF0dXJl\"}"));
    assertThat(content.get(1)).isEqualTo(json("{\"type\":\"text\",\"text\":\"Checking.\"}"));
    assertThat(content.get(2))
        .isEqualTo(
            json(
                "{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"get_weather\","
                    + "\"input\":{\"city\":\"San Francisco\"}}"));
    assertThat(json(span, LangfuseAttributes.OBSERVATION_USAGE_DETAILS).path("output").asLong())
        .isEqualTo(60);
  }

  @Test
  void streamClosedEarlyIsWarning() {
    try (StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(basic().build())) {
      assertThat(stream.stream().findFirst()).isPresent();
    }

    SpanData span = onlySpan();
    assertThat(text(span, LangfuseAttributes.OBSERVATION_LEVEL)).isEqualTo("WARNING");
    assertThat(text(span, LangfuseAttributes.OBSERVATION_STATUS_MESSAGE))
        .isEqualTo("stream closed before completion");
    assertThat(text(span, LangfuseAttributes.GEN_AI_RESPONSE_ID))
        .isEqualTo("msg_01VY8H3oPFs4WWVnJXFDxNhU");
  }

  @Test
  void streamCutMidwayIsError() {
    provider.enqueue(FakeResponse.recording("anthropic/messages-streaming").cutAfterEvents(4));

    assertThatThrownBy(MessageStreamTracingTest::consumeBasicStream)
        .isInstanceOf(RuntimeException.class);

    SpanData span = onlySpan();
    assertThat(span.statusCode()).isEqualTo(SpanData.STATUS_ERROR);
    assertThat(text(span, LangfuseAttributes.OBSERVATION_LEVEL)).isEqualTo("ERROR");
    assertThat(json(span, LangfuseAttributes.OBSERVATION_OUTPUT).path("content").get(0))
        .isEqualTo(json("{\"type\":\"text\",\"text\":\"Hello.\"}"));
  }

  @Test
  void errorEventMarksError() {
    provider.enqueue(
        FakeResponse.sse(
            event(
                "message_start",
                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_test_error\","
                    + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\""
                    + MODEL
                    + "\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
                    + "\"usage\":{\"input_tokens\":13,\"output_tokens\":1}}}"),
            event(
                "error",
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                    + "\"message\":\"Overloaded\"}}")));

    assertThatThrownBy(MessageStreamTracingTest::consumeBasicStream)
        .isInstanceOf(RuntimeException.class);

    SpanData span = onlySpan();
    assertThat(span.statusCode()).isEqualTo(SpanData.STATUS_ERROR);
    assertThat(text(span, LangfuseAttributes.OBSERVATION_STATUS_MESSAGE))
        .isEqualTo("stream error event: Overloaded");
    assertThat(text(span, LangfuseAttributes.GEN_AI_RESPONSE_ID)).isEqualTo("msg_test_error");
  }

  @Test
  void asyncStreamRecordsOutput() throws Exception {
    List<RawMessageStreamEvent> events = new ArrayList<>();
    AsyncStreamResponse<RawMessageStreamEvent> stream =
        client.async().messages().createStreaming(basic().build());
    stream.subscribe(
        new AsyncStreamResponse.Handler<RawMessageStreamEvent>() {
          @Override
          public void onNext(RawMessageStreamEvent event) {
            events.add(event);
          }

          @Override
          public void onComplete(Optional<Throwable> error) {}
        });
    stream.onCompleteFuture().get(10, TimeUnit.SECONDS);

    SpanData span = awaitSpan();
    assertThat(events).hasSize(RECORDED_EVENTS - 1);
    assertThat(text(span, LangfuseAttributes.OBSERVATION_COMPLETION_START_TIME))
        .matches(ISO_MILLIS);
    assertThat(json(span, LangfuseAttributes.OBSERVATION_OUTPUT).path("content").get(0))
        .isEqualTo(json("{\"type\":\"text\",\"text\":\"Hello.\"}"));
  }

  @Test
  void rawStreamTracedThroughParse() {
    try (HttpResponseFor<StreamResponse<RawMessageStreamEvent>> response =
        client.messages().withRawResponse().createStreaming(basic().build())) {
      try (StreamResponse<RawMessageStreamEvent> stream = response.parse()) {
        stream.stream().forEach(event -> {});
      }
    }

    SpanData span = onlySpan();
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_LEVEL)).isNull();
    assertThat(json(span, LangfuseAttributes.OBSERVATION_OUTPUT).path("content").get(0))
        .isEqualTo(json("{\"type\":\"text\",\"text\":\"Hello.\"}"));
  }

  @Test
  void betaStreamRecordsOutput() {
    try (StreamResponse<BetaRawMessageStreamEvent> stream =
        client
            .beta()
            .messages()
            .createStreaming(
                com.anthropic.models.beta.messages.MessageCreateParams.builder()
                    .model(MODEL)
                    .maxTokens(100)
                    .addUserMessage("Say hello in one word.")
                    .build())) {
      stream.stream().forEach(event -> {});
    }

    SpanData span = onlySpan();
    assertThat(text(span, LangfuseAttributes.OBSERVATION_COMPLETION_START_TIME))
        .matches(ISO_MILLIS);
    assertThat(json(span, LangfuseAttributes.OBSERVATION_OUTPUT).path("content").get(0))
        .isEqualTo(json("{\"type\":\"text\",\"text\":\"Hello.\"}"));
    assertThat(json(span, LangfuseAttributes.OBSERVATION_USAGE_DETAILS).path("total").asLong())
        .isEqualTo(18);
  }

  /**
   * Builds an event stream in the shape of the Messages API's: a thinking block with its
   * signature, a text block, and a tool use block whose input arrives in two JSON parts.
   */
  static FakeResponse thinkingToolUseStream() {
    return FakeResponse.sse(
        event(
            "message_start",
            "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_test_tools\",\"type\":"
                + "\"message\",\"role\":\"assistant\",\"model\":\""
                + MODEL
                + "\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":"
                + "{\"input_tokens\":400,\"cache_creation_input_tokens\":0,"
                + "\"cache_read_input_tokens\":0,\"output_tokens\":1}}}"),
        event(
            "content_block_start",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                + "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}"),
        delta(0, "{\"type\":\"thinking_delta\",\"thinking\":\"The user wants the weather.\"}"),
        delta(0, "{\"type\":\"thinking_delta\",\"thinking\":\" I will call the tool.\"}"),
        delta(0, "{\"type\":\"signature_delta\",\"signature\":\"c2lnbmF0dXJl\"}"),
        stop(0),
        event(
            "content_block_start",
            "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
                + "{\"type\":\"text\",\"text\":\"\"}}"),
        delta(1, "{\"type\":\"text_delta\",\"text\":\"Checking.\"}"),
        stop(1),
        event(
            "content_block_start",
            "{\"type\":\"content_block_start\",\"index\":2,\"content_block\":"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"get_weather\","
                + "\"input\":{}}}"),
        delta(2, "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \\\"San\"}"),
        delta(2, "{\"type\":\"input_json_delta\",\"partial_json\":\" Francisco\\\"}\"}"),
        stop(2),
        event(
            "message_delta",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":60}}"),
        event("message_stop", "{\"type\":\"message_stop\"}"));
  }

  private static void consumeBasicStream() {
    try (StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(basic().build())) {
      stream.stream().forEach(event -> {});
    }
  }

  private static String delta(int index, String delta) {
    return event(
        "content_block_delta",
        "{\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":" + delta + "}");
  }

  private static String stop(int index) {
    return event(
        "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
  }

  private static String event(String name, String data) {
    return "event: " + name + "\ndata: " + data + "\n\n";
  }
}
