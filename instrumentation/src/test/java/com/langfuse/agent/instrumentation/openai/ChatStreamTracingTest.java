package com.langfuse.agent.instrumentation.openai;

import static com.langfuse.agent.instrumentation.openai.ChatCompletionTracingTest.basic;
import static com.langfuse.agent.instrumentation.openai.ChatCompletionTracingTest.weatherTools;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ChatStreamTracingTest extends OpenAiTracingTestBase {

  static final String ISO_MILLIS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

  @Test
  void streamConsumedFullyRecordsOutput() {
    server.enqueue("chat-stream");
    List<ChatCompletionChunk> chunks;

    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(basic().build())) {
      chunks = stream.stream().collect(Collectors.toList());
      assertThat(SPANS).as("span ended when the stream was exhausted, before close").hasSize(1);
    }

    SpanData span = onlySpan();
    assertThat(span.name()).isEqualTo("chat gpt-4o-mini");
    assertThat(json(span, LangfuseAttributes.OBSERVATION_OUTPUT))
        .isEqualTo(
            json(
                "{\"role\":\"assistant\",\"content\":\"Atlantic Ocean.\","
                    + "\"finish_reason\":\"stop\"}"));
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS)).isNull();
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_USAGE_INPUT_TOKENS)).isNull();
    assertThat(text(span, LangfuseAttributes.GEN_AI_RESPONSE_ID))
        .isEqualTo("chatcmpl-BuYarH1A2li9SaCpSoQpbD7VYp9eq");
    assertThat(text(span, LangfuseAttributes.GEN_AI_RESPONSE_MODEL))
        .isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_RESPONSE_FINISH_REASONS))
        .isEqualTo(List.of("stop"));
    assertThat(json(span, LangfuseAttributes.OBSERVATION_MODEL_PARAMETERS))
        .isEqualTo(json("{\"stream\":true}"));
    assertThat(text(span, LangfuseAttributes.OBSERVATION_COMPLETION_START_TIME))
        .matches(ISO_MILLIS);
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_LEVEL)).isNull();
    assertThat(toStrings(chunks)).isEqualTo(recordedChunks("chat-stream"));
  }

  @Test
  void streamWithIncludeUsageRecordsUsage() {
    server.enqueue("chat-stream-include-usage");
    ChatCompletionCreateParams params =
        basic()
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
            .build();

    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(params)) {
      Iterator<ChatCompletionChunk> iterator = stream.stream().iterator();
      while (iterator.hasNext()) {
        chunks.add(iterator.next());
      }
    }

    SpanData span = onlySpan();
    assertThat(json(span, LangfuseAttributes.OBSERVATION_USAGE_DETAILS))
        .isEqualTo(
            json(
                "{\"input\":22,\"input_cached_tokens\":0,\"output\":3,"
                    + "\"output_reasoning_tokens\":0,\"total\":25}"));
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_USAGE_OUTPUT_TOKENS)).isEqualTo(3L);
    String start = text(span, LangfuseAttributes.OBSERVATION_COMPLETION_START_TIME);
    assertThat(start).matches(ISO_MILLIS);
    long startMillis = Instant.parse(start).toEpochMilli();
    assertThat(startMillis)
        .isBetween(
            TimeUnit.NANOSECONDS.toMillis(span.startEpochNanos()),
            TimeUnit.NANOSECONDS.toMillis(span.endEpochNanos()));
    assertThat(json(span, LangfuseAttributes.OBSERVATION_OUTPUT).get("content").asText())
        .isEqualTo("South Atlantic Ocean");
    assertThat(toStrings(chunks)).isEqualTo(recordedChunks("chat-stream-include-usage"));
  }

  @Test
  void streamToolCallsAssemblesArguments() {
    server.enqueue("chat-stream-tool-calls-1");

    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(weatherTools().build())) {
      stream.stream().forEach(chunk -> {});
    }

    SpanData span = onlySpan();
    JsonNode output = json(span, LangfuseAttributes.OBSERVATION_OUTPUT);
    assertThat(output.get("content").isNull()).isTrue();
    assertThat(output.get("finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(output.get("tool_calls"))
        .isEqualTo(
            json(
                "[{\"id\":\"call_RqTAhsyrIFY4GqbN7mE0q0m8\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"get_weather\","
                    + "\"arguments\":\"{\\\"location\\\": \\\"New York City\\\"}\"}},"
                    + "{\"id\":\"call_qwK9qR9CaijTcjyvtUfeSDPg\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"get_weather\","
                    + "\"arguments\":\"{\\\"location\\\": \\\"London\\\"}\"}}]"));
    assertThat(text(span, LangfuseAttributes.OBSERVATION_COMPLETION_START_TIME))
        .matches(ISO_MILLIS);
    assertThat(json(span, LangfuseAttributes.OBSERVATION_INPUT).get("tools")).hasSize(1);
  }

  @Test
  void streamClosedEarlyEndsWithWarning() {
    server.enqueue("chat-stream");

    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(basic().build())) {
      Iterator<ChatCompletionChunk> iterator = stream.stream().iterator();
      iterator.next();
      iterator.next();
      assertThat(SPANS).as("span still open while the stream is read").isEmpty();
    }

    SpanData span = onlySpan();
    assertThat(text(span, LangfuseAttributes.OBSERVATION_LEVEL)).isEqualTo("WARNING");
    assertThat(text(span, LangfuseAttributes.OBSERVATION_STATUS_MESSAGE))
        .isEqualTo("stream closed before completion");
    assertThat(span.statusCode()).isEqualTo(SpanData.STATUS_UNSET);
    assertThat(json(span, LangfuseAttributes.OBSERVATION_OUTPUT).get("content").asText())
        .isEqualTo("Atlantic");
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_RESPONSE_FINISH_REASONS)).isNull();
  }

  @Test
  void streamClosedTwiceEndsOnce() {
    server.enqueue("chat-stream");

    StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(basic().build());
    stream.stream().forEach(chunk -> {});
    stream.close();
    stream.close();

    SpanData span = onlySpan();
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_LEVEL)).isNull();
  }

  @Test
  void streamAbandonedEndsWhenCollected() throws InterruptedException {
    server.enqueue("chat-stream");
    readOneChunkAndDropStream();

    SpanData span = null;
    long deadline = System.nanoTime() + SPAN_TIMEOUT.toNanos();
    while (span == null && System.nanoTime() < deadline) {
      System.gc();
      span = SPANS.poll(100, TimeUnit.MILLISECONDS);
    }

    assertThat(span).as("span of the abandoned stream").isNotNull();
    span.resolveDeferred();
    assertThat(text(span, LangfuseAttributes.OBSERVATION_LEVEL)).isEqualTo("WARNING");
    assertThat(text(span, LangfuseAttributes.OBSERVATION_STATUS_MESSAGE))
        .isEqualTo("stream abandoned before completion");
    assertThat(text(span, LangfuseAttributes.GEN_AI_RESPONSE_ID))
        .isEqualTo("chatcmpl-BuYarH1A2li9SaCpSoQpbD7VYp9eq");
  }

  @Test
  void streamErrorEndsWithErrorAndRethrows() {
    String broken =
        Recordings.reply("chat-stream").bodyText().replace("{\"content\":\" Ocean\"}", "{oops");
    server.enqueue(
        new Recordings.Reply(
            200, "text/event-stream; charset=utf-8", broken.getBytes(StandardCharsets.UTF_8)),
        Map.of());
    List<ChatCompletionChunk> received = new ArrayList<>();

    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(basic().build())) {
      assertThatThrownBy(() -> stream.stream().forEach(received::add))
          .isInstanceOf(OpenAIException.class);
    }

    SpanData span = onlySpan();
    assertThat(span.statusCode()).isEqualTo(SpanData.STATUS_ERROR);
    assertThat(text(span, LangfuseAttributes.OBSERVATION_LEVEL)).isEqualTo("ERROR");
    assertThat(span.statusMessage()).startsWith("com.openai.errors.");
    assertThat(received).hasSize(2);
  }

  @Test
  void applicationExceptionInStreamIsNotSpanError() {
    server.enqueue("chat-stream");
    IllegalStateException failure = new IllegalStateException("application bug");

    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(basic().build())) {
      assertThatThrownBy(
              () ->
                  stream
                      .stream()
                      .forEach(
                          chunk -> {
                            throw failure;
                          }))
          .isSameAs(failure);
    }

    SpanData span = onlySpan();
    assertThat(span.statusCode()).isEqualTo(SpanData.STATUS_UNSET);
    assertThat(text(span, LangfuseAttributes.OBSERVATION_STATUS_MESSAGE))
        .isEqualTo("stream closed before completion");
  }

  private static void readOneChunkAndDropStream() {
    StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(basic().build());
    stream.stream().iterator().next();
  }

  static List<String> toStrings(List<?> items) {
    return items.stream().map(Object::toString).collect(Collectors.toList());
  }

  static List<String> recordedChunks(String caseName) {
    return Recordings.eventData(caseName).stream()
        .map(data -> Recordings.parse(data, ChatCompletionChunk.class).toString())
        .collect(Collectors.toList());
  }
}
