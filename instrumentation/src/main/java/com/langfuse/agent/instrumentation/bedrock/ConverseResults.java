package com.langfuse.agent.instrumentation.bedrock;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.core.SdkPojo;

/** Records a Converse response, and the usage that Converse and ConverseStream report. */
final class ConverseResults {

  private ConverseResults() {}

  /**
   * Records the stop reason, the token usage, the AWS request id as the response id, and as the
   * output the response message with its stop reason, serialized on the exporter thread.
   */
  static void record(SpanData span, SdkPojo response) {
    GenAiSpans.recordResponseIdentity(span, requestId(response), null);
    Object stopReasonField = SdkJson.field(response, "stopReason");
    String stopReason = stopReasonField instanceof String ? (String) stopReasonField : null;
    GenAiSpans.recordStopReason(span, stopReason);
    Object usage = SdkJson.field(response, "usage");
    if (usage instanceof SdkPojo) {
      usage((SdkPojo) usage).recordTo(span);
    }

    Object output = SdkJson.field(response, "output");
    Object message = output instanceof SdkPojo ? SdkJson.field((SdkPojo) output, "message") : null;
    if (message instanceof SdkPojo) {
      SdkPojo pojo = (SdkPojo) message;
      span.setDeferredAttribute(
          LangfuseAttributes.OBSERVATION_OUTPUT,
          () -> output(SdkJson.write(pojo), stopReason),
          SdkSizes.estimate(pojo) + 32);
    }
  }

  /**
   * Returns a Converse {@code TokenUsage}: {@code inputTokens}, {@code outputTokens}, {@code
   * totalTokens}, {@code cacheReadInputTokens}, {@code cacheWriteInputTokens}, and the cache writes
   * split by time to live in {@code cacheDetails} ({@code ttl} {@code 5m} or {@code 1h}), each read
   * only when the SDK version and the response have it.
   */
  static Usage usage(SdkPojo tokenUsage) {
    Usage usage = new Usage();
    usage.input = SdkJson.longField(tokenUsage, "inputTokens");
    usage.output = SdkJson.longField(tokenUsage, "outputTokens");
    usage.total = SdkJson.longField(tokenUsage, "totalTokens");
    usage.cacheRead = SdkJson.longField(tokenUsage, "cacheReadInputTokens");
    usage.cacheWrite = SdkJson.longField(tokenUsage, "cacheWriteInputTokens");
    for (Object detail : SdkJson.listField(tokenUsage, "cacheDetails")) {
      if (!(detail instanceof SdkPojo)) {
        continue;
      }
      Object ttl = SdkJson.field((SdkPojo) detail, "ttl");
      Long tokens = SdkJson.longField((SdkPojo) detail, "inputTokens");
      if (tokens == null) {
        continue;
      }
      if ("5m".equals(ttl)) {
        usage.cacheWrite5m = (usage.cacheWrite5m == null ? 0 : usage.cacheWrite5m) + tokens;
      } else if ("1h".equals(ttl)) {
        usage.cacheWrite1h = (usage.cacheWrite1h == null ? 0 : usage.cacheWrite1h) + tokens;
      }
    }
    return usage;
  }

  /** Returns the message JSON object with {@code "stopReason"} added when there is one. */
  static String output(String messageJson, String stopReason) {
    if (stopReason == null || !messageJson.endsWith("}")) {
      return messageJson;
    }
    StringBuilder out = new StringBuilder(messageJson.length() + 32);
    out.append(messageJson, 0, messageJson.length() - 1);
    JsonText.key(out, "stopReason");
    JsonText.string(out, stopReason);
    return out.append('}').toString();
  }

  /** Returns the AWS request id of {@code response}, or null. */
  static String requestId(Object response) {
    if (!(response instanceof AwsResponse)) {
      return null;
    }
    try {
      String id = ((AwsResponse) response).responseMetadata().requestId();
      // The SDK answers UNKNOWN when the response had no x-amzn-RequestId header.
      return "UNKNOWN".equals(id) ? null : id;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
