package com.langfuse.agent.instrumentation.bedrock;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;

/**
 * Token counts of one Bedrock call as Langfuse's {@code usage_details}.
 *
 * <p>Bedrock reports input tokens without the tokens read from or written to the prompt cache
 * (Converse's {@code inputTokens}, and Claude's {@code input_tokens} in an InvokeModel body), so
 * each cache bucket gets its own key: the keys that Langfuse's default model prices define for
 * Claude, whose match patterns also cover Bedrock model ids such as {@code
 * us.anthropic.claude-sonnet-4-20250514-v1:0} ({@code
 * worker/src/constants/default-model-prices.json} in langfuse/langfuse). Cache reads go to {@code
 * input_cache_read}. Cache writes go to {@code input_cache_creation_5m} and {@code
 * input_cache_creation_1h} when the response splits them by time to live and the split adds up to
 * the reported writes, and otherwise to {@code input_cache_creation}, never to both. {@code total}
 * is the total the response reported, or else the sum of the buckets. A count the response did not
 * report is left out; cost is never sent.
 */
final class Usage {

  Long input;
  Long output;
  Long total;
  Long cacheRead;
  Long cacheWrite;
  Long cacheWrite5m;
  Long cacheWrite1h;

  boolean isEmpty() {
    return input == null
        && output == null
        && total == null
        && cacheRead == null
        && cacheWrite == null
        && cacheWrite5m == null
        && cacheWrite1h == null;
  }

  /** Returns the {@code usage_details} JSON object, or null when no count is known. */
  String toJson() {
    StringBuilder json = new StringBuilder(160).append('{');
    long sum = 0;
    sum += append(json, "input", input);
    sum += append(json, "input_cache_read", cacheRead);
    if (hasConsistentSplit()) {
      sum += append(json, "input_cache_creation_5m", cacheWrite5m);
      sum += append(json, "input_cache_creation_1h", cacheWrite1h);
    } else {
      sum += append(json, "input_cache_creation", cacheWrite);
    }
    sum += append(json, "output", output);
    if (json.length() == 1 && total == null) {
      return null;
    }
    append(json, "total", total != null ? total : sum);
    return json.append('}').toString();
  }

  /** Sets {@code usage_details} and the GenAI token counts, or nothing when no count is known. */
  void recordTo(SpanData span) {
    String json = toJson();
    if (json == null) {
      return;
    }
    span.setAttribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS, json);
    // The GenAI semantic conventions count every input token, cached or not.
    if (input != null) {
      span.setAttribute(
          LangfuseAttributes.GEN_AI_USAGE_INPUT_TOKENS, input + orZero(cacheRead) + cacheWrites());
    }
    if (output != null) {
      span.setAttribute(LangfuseAttributes.GEN_AI_USAGE_OUTPUT_TOKENS, output.longValue());
    }
  }

  private boolean hasConsistentSplit() {
    if (cacheWrite5m == null && cacheWrite1h == null) {
      return false;
    }
    long split = orZero(cacheWrite5m) + orZero(cacheWrite1h);
    return cacheWrite == null || cacheWrite.longValue() == split;
  }

  private long cacheWrites() {
    if (cacheWrite != null) {
      return cacheWrite;
    }
    return orZero(cacheWrite5m) + orZero(cacheWrite1h);
  }

  private static long append(StringBuilder json, String key, Long value) {
    if (value == null) {
      return 0;
    }
    if (json.length() > 1) {
      json.append(',');
    }
    json.append('"').append(key).append("\":").append(value.longValue());
    return value;
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }
}
