package com.langfuse.agent.instrumentation.openai;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;

/**
 * Token counts as Langfuse's {@code usage_details}: {@code input} and {@code output} exclude the
 * cached and reasoning tokens, which get their own keys, so the keys add up to the total. A key the
 * provider did not report is left out; cost is never sent, Langfuse derives it from the model.
 */
final class UsageDetails {

  private Long input;
  private Long cachedInput;
  private Long output;
  private Long reasoningOutput;
  private Long total;

  UsageDetails input(Long tokens) {
    this.input = tokens;
    return this;
  }

  UsageDetails cachedInput(Long tokens) {
    this.cachedInput = tokens;
    return this;
  }

  UsageDetails output(Long tokens) {
    this.output = tokens;
    return this;
  }

  UsageDetails reasoningOutput(Long tokens) {
    this.reasoningOutput = tokens;
    return this;
  }

  UsageDetails total(Long tokens) {
    this.total = tokens;
    return this;
  }

  /** Sets {@code usage_details} and the GenAI token counts, or nothing when no count is known. */
  void recordTo(SpanData span) {
    StringBuilder json = new StringBuilder(128).append('{');
    if (input != null) {
      append(json, "input", cachedInput == null ? input : Math.max(0, input - cachedInput));
    }
    if (cachedInput != null) {
      append(json, "input_cached_tokens", cachedInput);
    }
    if (output != null) {
      append(
          json, "output", reasoningOutput == null ? output : Math.max(0, output - reasoningOutput));
    }
    if (reasoningOutput != null) {
      append(json, "output_reasoning_tokens", reasoningOutput);
    }
    if (total != null) {
      append(json, "total", total);
    }
    if (json.length() == 1) {
      return;
    }
    span.setAttribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS, json.append('}').toString());
    if (input != null) {
      span.setAttribute(LangfuseAttributes.GEN_AI_USAGE_INPUT_TOKENS, input.longValue());
    }
    if (output != null) {
      span.setAttribute(LangfuseAttributes.GEN_AI_USAGE_OUTPUT_TOKENS, output.longValue());
    }
  }

  private static void append(StringBuilder json, String key, long value) {
    if (json.length() > 1) {
      json.append(',');
    }
    json.append('"').append(key).append("\":").append(value);
  }
}
