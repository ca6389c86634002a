package com.langfuse.agent.instrumentation.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import org.junit.jupiter.api.Test;

class UsageTest {

  @Test
  void splitCacheWritesReplaceAggregate() {
    Usage usage = new Usage();
    usage.input = 12L;
    usage.output = 4L;
    usage.cacheRead = 1024L;
    usage.cacheWrite = 6L;
    usage.cacheWrite5m = 6L;

    assertThat(usage.toJson())
        .isEqualTo(
            "{\"input\":12,\"input_cache_read\":1024,\"input_cache_creation_5m\":6,"
                + "\"output\":4,\"total\":1046}");
  }

  @Test
  void inconsistentSplitKeepsAggregate() {
    Usage usage = new Usage();
    usage.input = 12L;
    usage.cacheWrite = 60L;
    usage.cacheWrite1h = 6L;

    assertThat(usage.toJson()).isEqualTo("{\"input\":12,\"input_cache_creation\":60,\"total\":72}");
  }

  @Test
  void reportedTotalWinsOverSum() {
    Usage usage = new Usage();
    usage.input = 10L;
    usage.output = 5L;
    usage.total = 20L;

    assertThat(usage.toJson()).isEqualTo("{\"input\":10,\"output\":5,\"total\":20}");
  }

  @Test
  void noCountsNoAttribute() {
    SpanData span = span();

    new Usage().recordTo(span);

    assertThat(new Usage().toJson()).isNull();
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS)).isNull();
  }

  @Test
  void genAiInputCountsCachedTokens() {
    Usage usage = new Usage();
    usage.input = 12L;
    usage.output = 4L;
    usage.cacheRead = 1024L;
    usage.cacheWrite = 6L;
    SpanData span = span();

    usage.recordTo(span);

    assertThat(span.attribute(LangfuseAttributes.GEN_AI_USAGE_INPUT_TOKENS)).isEqualTo(1042L);
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_USAGE_OUTPUT_TOKENS)).isEqualTo(4L);
  }

  static SpanData span() {
    return SpanData.forTest(
        "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", null, "chat", 1L);
  }
}
