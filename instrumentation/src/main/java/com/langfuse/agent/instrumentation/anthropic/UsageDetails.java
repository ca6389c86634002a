package com.langfuse.agent.instrumentation.anthropic;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;

/**
 * Token counts of one Messages API call as Langfuse's {@code usage_details}.
 *
 * <p>Anthropic's {@code input_tokens} already excludes the tokens read from and written to the
 * prompt cache, so it goes to {@code input} unchanged and each cache bucket gets its own key: the
 * keys that Langfuse's default model prices for Claude models define ({@code
 * worker/src/constants/default-model-prices.json} in langfuse/langfuse, for example the {@code
 * claude-sonnet-4-6} entry). Cache reads go to {@code input_cache_read}. Cache writes go to {@code
 * input_cache_creation_5m} and {@code input_cache_creation_1h} when the response splits them by
 * time to live, which are priced differently, and otherwise to {@code input_cache_creation}. They
 * never go to both, or Langfuse would count them twice, and a split that does not add up to the
 * reported total is ignored in favour of the total. {@code total} is the sum of all buckets. A count the
 * response did not report is left out, and cost is never sent: Langfuse derives it from the model.
 */
final class UsageDetails {

  static final String INPUT = "input";
  static final String OUTPUT = "output";
  static final String TOTAL = "total";
  static final String CACHE_READ = "input_cache_read";
  static final String CACHE_CREATION = "input_cache_creation";
  static final String CACHE_CREATION_5M = "input_cache_creation_5m";
  static final String CACHE_CREATION_1H = "input_cache_creation_1h";

  Long input;
  Long output;
  Long cacheRead;
  Long cacheCreation;
  Long cacheCreation5m;
  Long cacheCreation1h;

  /** Takes every count {@code later} reports, as a streamed {@code message_delta} updates them. */
  void update(UsageDetails later) {
    input = later.input != null ? later.input : input;
    output = later.output != null ? later.output : output;
    cacheRead = later.cacheRead != null ? later.cacheRead : cacheRead;
    cacheCreation = later.cacheCreation != null ? later.cacheCreation : cacheCreation;
    cacheCreation5m = later.cacheCreation5m != null ? later.cacheCreation5m : cacheCreation5m;
    cacheCreation1h = later.cacheCreation1h != null ? later.cacheCreation1h : cacheCreation1h;
  }

  /** Sets {@code usage_details} and the GenAI token counts, or nothing when no count is known. */
  void recordTo(SpanData span) {
    StringBuilder json = new StringBuilder(160).append('{');
    long total = 0;
    total += append(json, INPUT, input);
    total += append(json, CACHE_READ, cacheRead);
    if (hasConsistentSplit()) {
      total += append(json, CACHE_CREATION_5M, cacheCreation5m);
      total += append(json, CACHE_CREATION_1H, cacheCreation1h);
    } else {
      total += append(json, CACHE_CREATION, cacheCreation);
    }
    total += append(json, OUTPUT, output);
    if (json.length() == 1) {
      return;
    }
    append(json, TOTAL, total);
    span.setAttribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS, json.append('}').toString());

    // The GenAI semantic conventions count every input token, cached or not.
    if (input != null) {
      span.setAttribute(
          LangfuseAttributes.GEN_AI_USAGE_INPUT_TOKENS,
          input + orZero(cacheRead) + cacheWrites());
    }
    if (output != null) {
      span.setAttribute(LangfuseAttributes.GEN_AI_USAGE_OUTPUT_TOKENS, output.longValue());
    }
  }

  private boolean hasConsistentSplit() {
    if (cacheCreation5m == null && cacheCreation1h == null) {
      return false;
    }
    long split = orZero(cacheCreation5m) + orZero(cacheCreation1h);
    return cacheCreation == null || cacheCreation.longValue() == split;
  }

  private long cacheWrites() {
    if (cacheCreation != null) {
      return cacheCreation;
    }
    return orZero(cacheCreation5m) + orZero(cacheCreation1h);
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
