package com.langfuse.agent.instrumentation.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import dev.langchain4j.model.output.TokenUsage;
import org.junit.jupiter.api.Test;

class TokenUsagesTest {

  @Test
  void plainUsageKeys() {
    SpanData span = record(new TokenUsage(10, 5, 15));

    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS))
        .isEqualTo("{\"input\":10,\"output\":5,\"total\":15}");
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_USAGE_INPUT_TOKENS)).isEqualTo(10L);
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_USAGE_OUTPUT_TOKENS)).isEqualTo(5L);
  }

  @Test
  void inputOnlyForEmbeddings() {
    SpanData span = record(new TokenUsage(4));

    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS))
        .isEqualTo("{\"input\":4,\"total\":4}");
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_USAGE_OUTPUT_TOKENS)).isNull();
  }

  @Test
  void anthropicCacheTokensAddToTotal() {
    SpanData span = record(new CacheUsage(10, 7, 100, 30));

    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS))
        .isEqualTo(
            "{\"input\":10,\"input_cache_read\":100,\"input_cache_creation\":30,"
                + "\"output\":7,\"total\":147}");
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_USAGE_INPUT_TOKENS)).isEqualTo(140L);
  }

  @Test
  void openAiDetailsSplitFromCounts() {
    SpanData span = record(new DetailedUsage(100, 20, 40, 8));

    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS))
        .isEqualTo(
            "{\"input\":60,\"input_cached_tokens\":40,\"output\":12,"
                + "\"output_reasoning_tokens\":8,\"total\":120}");
  }

  @Test
  void nullUsageSetsNothing() {
    SpanData span = record(null);

    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS)).isNull();
  }

  private static SpanData record(TokenUsage usage) {
    SpanData span = SpanData.forTest("t", "s", null, "chat", 0);
    TokenUsages.record(span, usage);
    return span;
  }

  /** Has the accessors of {@code AnthropicTokenUsage}, which this module does not depend on. */
  public static final class CacheUsage extends TokenUsage {
    private final Integer cacheRead;
    private final Integer cacheCreation;

    CacheUsage(int input, int output, int cacheRead, int cacheCreation) {
      super(input, output);
      this.cacheRead = cacheRead;
      this.cacheCreation = cacheCreation;
    }

    public Integer cacheReadInputTokens() {
      return cacheRead;
    }

    public Integer cacheCreationInputTokens() {
      return cacheCreation;
    }
  }

  /** Has the accessors of {@code OpenAiTokenUsage}, which this module does not depend on. */
  public static final class DetailedUsage extends TokenUsage {
    private final Details input;
    private final Details output;

    DetailedUsage(int inputCount, int outputCount, int cached, int reasoning) {
      super(inputCount, outputCount);
      this.input = new Details(cached, null);
      this.output = new Details(null, reasoning);
    }

    public Details inputTokensDetails() {
      return input;
    }

    public Details outputTokensDetails() {
      return output;
    }
  }

  /** The token details objects of {@link DetailedUsage}. */
  public static final class Details {
    private final Integer cached;
    private final Integer reasoning;

    Details(Integer cached, Integer reasoning) {
      this.cached = cached;
      this.reasoning = reasoning;
    }

    public Integer cachedTokens() {
      return cached;
    }

    public Integer reasoningTokens() {
      return reasoning;
    }
  }
}
