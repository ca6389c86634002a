package com.langfuse.agent.instrumentation.googlegenai;

import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import java.util.Optional;

/**
 * Token counts of one Gemini call ({@code usageMetadata}) as Langfuse's {@code usage_details}.
 *
 * <p>The keys are those of Langfuse's default prices for Gemini models ({@code
 * worker/src/constants/default-model-prices.json} in langfuse/langfuse, for example the {@code
 * gemini-2.5-flash} entry): {@code input}, {@code input_cached_tokens}, {@code output} and {@code
 * output_reasoning}. Each token goes to exactly one key, so Langfuse counts none twice:
 *
 * <ul>
 *   <li>{@code promptTokenCount} includes the tokens read from cached content, so {@code input} is
 *       the prompt count less {@code cachedContentTokenCount}, which goes to {@code
 *       input_cached_tokens}. Tool-use prompt tokens ({@code toolUsePromptTokenCount}) are billed
 *       as input and are added to {@code input}.
 *   <li>{@code thoughtsTokenCount} is reported outside {@code candidatesTokenCount}, so {@code
 *       output} is the candidates count and {@code output_reasoning} the thoughts count.
 *   <li>{@code total} is {@code totalTokenCount} when the response reports it (it counts prompt,
 *       candidates, thoughts and tool-use prompt tokens), else the sum of the keys.
 * </ul>
 *
 * A count the response did not report is left out, and cost is never sent: Langfuse derives it.
 */
final class UsageDetails {

  static final String INPUT = "input";
  static final String CACHED = "input_cached_tokens";
  static final String OUTPUT = "output";
  static final String REASONING = "output_reasoning";
  static final String TOTAL = "total";

  Long prompt;
  Long cached;
  Long toolUsePrompt;
  Long candidates;
  Long thoughts;
  Long total;

  /** Reads the counts of {@code usage}; a count the response did not report stays null. */
  static UsageDetails read(GenerateContentResponseUsageMetadata usage) {
    UsageDetails details = new UsageDetails();
    details.prompt = count(usage.promptTokenCount());
    details.cached = count(usage.cachedContentTokenCount());
    details.candidates = count(usage.candidatesTokenCount());
    details.total = count(usage.totalTokenCount());
    details.thoughts = count(usage.thoughtsTokenCount());
    details.toolUsePrompt = count(usage.toolUsePromptTokenCount());
    return details;
  }

  /** Returns whether no count was reported, as in most chunks of a stream. */
  boolean isEmpty() {
    return prompt == null
        && cached == null
        && toolUsePrompt == null
        && candidates == null
        && thoughts == null
        && total == null;
  }

  /** Sets {@code usage_details} and the GenAI token counts, or nothing when no count is known. */
  void recordTo(SpanData span) {
    StringBuilder json = new StringBuilder(128).append('{');
    long sum = 0;
    sum += append(json, INPUT, freshInput());
    sum += append(json, CACHED, cached);
    sum += append(json, OUTPUT, candidates);
    sum += append(json, REASONING, thoughts);
    if (json.length() == 1) {
      return;
    }
    append(json, TOTAL, total != null ? total : sum);
    span.setAttribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS, json.append('}').toString());

    // The GenAI semantic conventions count cached input tokens as input and thoughts as output.
    if (prompt != null || toolUsePrompt != null) {
      span.setAttribute(
          LangfuseAttributes.GEN_AI_USAGE_INPUT_TOKENS, orZero(prompt) + orZero(toolUsePrompt));
    }
    if (candidates != null || thoughts != null) {
      span.setAttribute(
          LangfuseAttributes.GEN_AI_USAGE_OUTPUT_TOKENS, orZero(candidates) + orZero(thoughts));
    }
  }

  /**
   * Prompt tokens not read from the cache, plus tool-use prompt tokens; null when neither is known.
   */
  private Long freshInput() {
    if (prompt == null && toolUsePrompt == null) {
      return null;
    }
    long fresh = Math.max(0, orZero(prompt) - orZero(cached));
    return fresh + orZero(toolUsePrompt);
  }

  private static Long count(Optional<Integer> value) {
    return value.map(Integer::longValue).orElse(null);
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
