package com.langfuse.agent.it;

import com.langfuse.agent.testing.AwsEventStream;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.FakeResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Bedrock Runtime responses for {@link com.langfuse.agent.it.apps.BedrockScenarioApp}, written from
 * the documented wire format of each operation, since no recorded Bedrock exchange exists here: the
 * REST JSON bodies of Converse and InvokeModel, the {@code x-amzn-ErrorType} header and {@code
 * message} body of an error, and the binary event stream of ConverseStream. The SDK's own parsers
 * read every one of them in the it-tests, which is what checks their format.
 */
final class BedrockResponses {

  static final String REQUEST_ID = "5d8b1c6e-0b1a-4c8e-9d53-3f4a7c2e9b10";

  /** The delay between streamed events, so the first token comes measurably after the start. */
  static final Duration EVENT_DELAY = Duration.ofMillis(40);

  private BedrockResponses() {}

  /** Enqueues the responses of {@code scenarios}, in order, at {@code provider}. */
  static void enqueue(FakeLlmProvider provider, String... scenarios) {
    for (String scenario : scenarios) {
      for (FakeResponse response : forScenario(scenario)) {
        provider.enqueue(response);
      }
    }
  }

  /** Returns the responses one scenario's calls receive, one per HTTP request, in order. */
  static List<FakeResponse> forScenario(String scenario) {
    switch (scenario) {
      case "converse":
      case "converse-async":
        return List.of(json(CONVERSE));
      case "converse-tool-use":
        return List.of(json(CONVERSE_TOOL_USE));
      case "converse-stream":
        return List.of(stream(textStream()));
      case "converse-stream-tool-use":
        return List.of(stream(toolUseStream()));
      case "invoke-claude":
      case "invoke-claude-async":
        return List.of(invokeModel(CLAUDE_BODY, 18, 7));
      case "invoke-claude-stream":
        return List.of(stream(claudeChunks()));
      case "invoke-nova":
        return List.of(invokeModel(NOVA_BODY, 11, 6));
      case "invoke-llama":
        return List.of(invokeModel(LLAMA_BODY, 21, 6));
      case "throttled-then-retried":
        return List.of(throttling(), json(CONVERSE));
      case "error-validation":
        return List.of(error(400, "ValidationException", VALIDATION_MESSAGE));
      case "error-throttling":
        return List.of(throttling());
      case "error-stream":
        return List.of(stream(failingStream()));
      default:
        throw new IllegalArgumentException("no Bedrock responses for scenario " + scenario);
    }
  }

  static final String CONVERSE =
      "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"Hello!\"}]}},"
          + "\"stopReason\":\"end_turn\","
          + "\"usage\":{\"inputTokens\":12,\"outputTokens\":4,\"totalTokens\":1046,"
          + "\"cacheReadInputTokens\":1024,\"cacheWriteInputTokens\":6,"
          + "\"cacheDetails\":[{\"inputTokens\":6,\"ttl\":\"5m\"}]},"
          + "\"metrics\":{\"latencyMs\":312}}";

  static final String CONVERSE_TOOL_USE =
      "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":["
          + "{\"text\":\"I will look up the weather.\"},"
          + "{\"toolUse\":{\"toolUseId\":\"tooluse_kZJMlvQmRJ6eAyJE5GIl7Q\","
          + "\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}}]}},"
          + "\"stopReason\":\"tool_use\","
          + "\"usage\":{\"inputTokens\":380,\"outputTokens\":54,\"totalTokens\":434},"
          + "\"metrics\":{\"latencyMs\":904}}";

  static final String CLAUDE_BODY =
      "{\"id\":\"msg_bdrk_01XFDUDYJgAACzvnptvVoYEL\",\"type\":\"message\",\"role\":\"assistant\","
          + "\"model\":\"claude-3-haiku-20240307\","
          + "\"content\":[{\"type\":\"text\",\"text\":\"The Pacific Ocean.\"}],"
          + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
          + "\"usage\":{\"input_tokens\":18,\"output_tokens\":7}}";

  static final String NOVA_BODY =
      "{\"output\":{\"message\":{\"content\":[{\"text\":\"The Pacific Ocean.\"}],"
          + "\"role\":\"assistant\"}},\"stopReason\":\"end_turn\","
          + "\"usage\":{\"inputTokens\":11,\"outputTokens\":6,\"totalTokens\":17,"
          + "\"cacheReadInputTokenCount\":0,\"cacheWriteInputTokenCount\":0}}";

  static final String LLAMA_BODY =
      "{\"generation\":\"The Pacific Ocean.\",\"prompt_token_count\":21,"
          + "\"generation_token_count\":6,\"stop_reason\":\"stop\"}";

  static final String VALIDATION_MESSAGE = "The provided model identifier is invalid.";

  static final String THROTTLING_MESSAGE = "Too many requests, please wait before trying again.";

  static final String STREAM_ERROR_MESSAGE = "The model stream was interrupted.";

  private static List<byte[]> textStream() {
    return List.of(
        AwsEventStream.event("messageStart", "{\"role\":\"assistant\"}"),
        AwsEventStream.event(
            "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hel\"}}"),
        AwsEventStream.event(
            "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"lo.\"}}"),
        AwsEventStream.event("contentBlockStop", "{\"contentBlockIndex\":0}"),
        AwsEventStream.event("messageStop", "{\"stopReason\":\"end_turn\"}"),
        AwsEventStream.event(
            "metadata",
            "{\"usage\":{\"inputTokens\":14,\"outputTokens\":3,\"totalTokens\":17},"
                + "\"metrics\":{\"latencyMs\":250}}"));
  }

  private static List<byte[]> toolUseStream() {
    return List.of(
        AwsEventStream.event("messageStart", "{\"role\":\"assistant\"}"),
        AwsEventStream.event(
            "contentBlockStart",
            "{\"contentBlockIndex\":0,\"start\":{\"toolUse\":"
                + "{\"toolUseId\":\"tooluse_Qm9vbGVhbjEyMw\",\"name\":\"get_weather\"}}}"),
        AwsEventStream.event(
            "contentBlockDelta",
            "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":{\"input\":\"{\\\"city\\\":\"}}}"),
        AwsEventStream.event(
            "contentBlockDelta",
            "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":{\"input\":\" \\\"Paris\\\"}\"}}}"),
        AwsEventStream.event("contentBlockStop", "{\"contentBlockIndex\":0}"),
        AwsEventStream.event("messageStop", "{\"stopReason\":\"tool_use\"}"),
        AwsEventStream.event(
            "metadata",
            "{\"usage\":{\"inputTokens\":390,\"outputTokens\":20,\"totalTokens\":410},"
                + "\"metrics\":{\"latencyMs\":420}}"));
  }

  /**
   * Claude's Messages stream events as InvokeModelWithResponseStream sends them: each one is the
   * base64 {@code bytes} of a {@code chunk} event, and Bedrock adds its invocation metrics to the
   * last.
   */
  private static List<byte[]> claudeChunks() {
    return List.of(
        chunk(
            "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_bdrk_01Streamed\","
                + "\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-3-haiku-20240307\",\"content\":[],"
                + "\"usage\":{\"input_tokens\":15,\"output_tokens\":1}}}"),
        chunk(
            "{\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
        chunk(
            "{\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"The Pacific\"}}"),
        chunk(
            "{\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\" Ocean.\"}}"),
        chunk("{\"type\":\"content_block_stop\",\"index\":0}"),
        chunk(
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                + "\"usage\":{\"output_tokens\":6}}"),
        chunk(
            "{\"type\":\"message_stop\",\"amazon-bedrock-invocationMetrics\":"
                + "{\"inputTokenCount\":15,\"outputTokenCount\":6,"
                + "\"invocationLatency\":512,\"firstByteLatency\":230}}"));
  }

  private static byte[] chunk(String json) {
    String bytes = Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    return AwsEventStream.event("chunk", "{\"bytes\":\"" + bytes + "\"}");
  }

  private static List<byte[]> failingStream() {
    return List.of(
        AwsEventStream.event("messageStart", "{\"role\":\"assistant\"}"),
        AwsEventStream.event(
            "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hel\"}}"),
        AwsEventStream.exception(
            "modelStreamErrorException",
            "{\"message\":\"" + STREAM_ERROR_MESSAGE + "\",\"originalStatusCode\":500}"));
  }

  private static FakeResponse json(String body) {
    return FakeResponse.json(200, body).withHeader("x-amzn-RequestId", REQUEST_ID);
  }

  private static FakeResponse stream(List<byte[]> messages) {
    return FakeResponse.eventStream(messages)
        .withEventDelay(EVENT_DELAY)
        .withHeader("x-amzn-RequestId", REQUEST_ID);
  }

  private static FakeResponse invokeModel(String body, int inputTokens, int outputTokens) {
    return FakeResponse.json(200, body)
        .withHeader("x-amzn-RequestId", REQUEST_ID)
        .withHeader("X-Amzn-Bedrock-Input-Token-Count", Integer.toString(inputTokens))
        .withHeader("X-Amzn-Bedrock-Output-Token-Count", Integer.toString(outputTokens));
  }

  private static FakeResponse throttling() {
    return error(429, "ThrottlingException", THROTTLING_MESSAGE);
  }

  private static FakeResponse error(int status, String type, String message) {
    return FakeResponse.json(status, "{\"message\":\"" + message + "\"}")
        .withHeader("x-amzn-RequestId", REQUEST_ID)
        .withHeader(
            "x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/");
  }
}
