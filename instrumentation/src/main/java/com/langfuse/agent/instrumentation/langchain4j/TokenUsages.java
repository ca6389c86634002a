package com.langfuse.agent.instrumentation.langchain4j;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import dev.langchain4j.model.output.TokenUsage;
import java.lang.reflect.Method;

/**
 * Writes a LangChain4j {@link TokenUsage} as Langfuse's {@code usage_details}.
 *
 * <p>The provider modules return subclasses with cache and reasoning counts: {@code
 * OpenAiTokenUsage} (cached input tokens, which the input count includes, and reasoning tokens,
 * which the output count includes) and {@code AnthropicTokenUsage} (cache read and cache creation
 * tokens, which the input count excludes, as in the Anthropic API). Those classes live in modules
 * the application may not have, so they are read by method name. As in the OpenAI and Anthropic
 * modules, {@code input} and {@code output} exclude the tokens that have their own key, and {@code
 * total} and {@code gen_ai.usage.input_tokens} include the Anthropic cache tokens.
 */
final class TokenUsages {

  private TokenUsages() {}

  /** Sets {@code usage_details} and the GenAI token counts; does nothing for null. */
  static void record(SpanData span, TokenUsage usage) {
    if (usage == null) {
      return;
    }
    Integer input = usage.inputTokenCount();
    Integer output = usage.outputTokenCount();
    Integer total = usage.totalTokenCount();
    Integer cachedInput = nested(usage, "inputTokensDetails", "cachedTokens");
    Integer reasoning = nested(usage, "outputTokensDetails", "reasoningTokens");
    Integer cacheRead = count(usage, "cacheReadInputTokens");
    Integer cacheCreation = count(usage, "cacheCreationInputTokens");

    JsonText json = new JsonText().beginObject();
    if (input != null) {
      json.name("input").scalar(cachedInput == null ? input : Math.max(0, input - cachedInput));
    }
    json.optionalScalar("input_cached_tokens", cachedInput);
    json.optionalScalar("input_cache_read", cacheRead);
    json.optionalScalar("input_cache_creation", cacheCreation);
    if (output != null) {
      json.name("output").scalar(reasoning == null ? output : Math.max(0, output - reasoning));
    }
    json.optionalScalar("output_reasoning_tokens", reasoning);
    long cacheTokens = valueOrZero(cacheRead) + valueOrZero(cacheCreation);
    if (total != null) {
      json.name("total").scalar(total + cacheTokens);
    }
    if (json.isEmptyObject()) {
      return;
    }
    span.setAttribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS, json.endObject().toString());
    if (input != null) {
      span.setAttribute(LangfuseAttributes.GEN_AI_USAGE_INPUT_TOKENS, input + cacheTokens);
    }
    if (output != null) {
      span.setAttribute(LangfuseAttributes.GEN_AI_USAGE_OUTPUT_TOKENS, output.longValue());
    }
  }

  private static long valueOrZero(Integer count) {
    return count == null ? 0 : count;
  }

  private static Integer nested(Object usage, String detailsMethod, String countMethod) {
    Object details = call(usage, detailsMethod);
    return details == null ? null : count(details, countMethod);
  }

  private static Integer count(Object target, String method) {
    Object value = call(target, method);
    return value instanceof Integer ? (Integer) value : null;
  }

  /** Calls a public no-argument method the object's class may lack; returns null if it does. */
  private static Object call(Object target, String name) {
    if (target.getClass() == TokenUsage.class) {
      return null;
    }
    try {
      Method method = target.getClass().getMethod(name);
      return method.invoke(target);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
