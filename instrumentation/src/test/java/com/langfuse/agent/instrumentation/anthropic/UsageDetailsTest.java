package com.langfuse.agent.instrumentation.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import org.junit.jupiter.api.Test;

class UsageDetailsTest {

  @Test
  void splitCacheWritesReplaceAggregate() {
    UsageDetails usage = new UsageDetails();
    usage.input = 10L;
    usage.cacheRead = 100L;
    usage.cacheCreation = 30L;
    usage.cacheCreation5m = 10L;
    usage.cacheCreation1h = 20L;
    usage.output = 7L;

    SpanData span = record(usage);

    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS))
        .isEqualTo(
            "{\"input\":10,\"input_cache_read\":100,\"input_cache_creation_5m\":10,"
                + "\"input_cache_creation_1h\":20,\"output\":7,\"total\":147}");
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_USAGE_INPUT_TOKENS)).isEqualTo(140L);
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_USAGE_OUTPUT_TOKENS)).isEqualTo(7L);
  }

  @Test
  void aggregateCacheWritesWithoutSplit() {
    UsageDetails usage = new UsageDetails();
    usage.input = 10L;
    usage.cacheCreation = 30L;
    usage.output = 7L;

    SpanData span = record(usage);

    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS))
        .isEqualTo("{\"input\":10,\"input_cache_creation\":30,\"output\":7,\"total\":47}");
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_USAGE_INPUT_TOKENS)).isEqualTo(40L);
  }

  @Test
  void inconsistentSplitFallsBackToTotal() {
    UsageDetails usage = new UsageDetails();
    usage.input = 10L;
    usage.cacheCreation = 300L;
    usage.cacheCreation5m = 0L;
    usage.cacheCreation1h = 0L;
    usage.output = 7L;

    SpanData span = record(usage);

    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS))
        .isEqualTo("{\"input\":10,\"input_cache_creation\":300,\"output\":7,\"total\":317}");
  }

  @Test
  void noCountsSetsNothing() {
    SpanData span = record(new UsageDetails());

    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS)).isNull();
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_USAGE_INPUT_TOKENS)).isNull();
  }

  @Test
  void updateKeepsCountsLaterOmits() {
    UsageDetails start = new UsageDetails();
    start.input = 13L;
    start.output = 1L;
    start.cacheCreation5m = 0L;
    UsageDetails delta = new UsageDetails();
    delta.output = 40L;

    start.update(delta);

    assertThat(start.input).isEqualTo(13L);
    assertThat(start.output).isEqualTo(40L);
    assertThat(start.cacheCreation5m).isEqualTo(0L);
  }

  private static SpanData record(UsageDetails usage) {
    SpanData span = SpanData.forTest("t", "s", null, "chat", 0);
    usage.recordTo(span);
    return span;
  }
}
