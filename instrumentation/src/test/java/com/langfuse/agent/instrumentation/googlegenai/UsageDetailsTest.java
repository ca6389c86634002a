package com.langfuse.agent.instrumentation.googlegenai;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import org.junit.jupiter.api.Test;

class UsageDetailsTest {

  @Test
  void thoughtsGoToOutputReasoning() {
    SpanData span =
        record(
            "{\"promptTokenCount\": 8, \"candidatesTokenCount\": 433,"
                + " \"thoughtsTokenCount\": 1477, \"totalTokenCount\": 1918}");

    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS))
        .isEqualTo("{\"input\":8,\"output\":433,\"output_reasoning\":1477,\"total\":1918}");
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_USAGE_INPUT_TOKENS)).isEqualTo(8L);
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_USAGE_OUTPUT_TOKENS)).isEqualTo(1910L);
  }

  @Test
  void cachedTokensLeaveInput() {
    SpanData span =
        record(
            "{\"promptTokenCount\": 1000, \"cachedContentTokenCount\": 600,"
                + " \"candidatesTokenCount\": 50, \"totalTokenCount\": 1050}");

    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS))
        .isEqualTo("{\"input\":400,\"input_cached_tokens\":600,\"output\":50,\"total\":1050}");
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_USAGE_INPUT_TOKENS)).isEqualTo(1000L);
  }

  @Test
  void toolUsePromptCountsAsInput() {
    SpanData span =
        record(
            "{\"promptTokenCount\": 10, \"toolUsePromptTokenCount\": 90,"
                + " \"candidatesTokenCount\": 5, \"totalTokenCount\": 105}");

    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS))
        .isEqualTo("{\"input\":100,\"output\":5,\"total\":105}");
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_USAGE_INPUT_TOKENS)).isEqualTo(100L);
  }

  @Test
  void missingTotalIsSumOfKeys() {
    SpanData span = record("{\"promptTokenCount\": 7, \"candidatesTokenCount\": 3}");

    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS))
        .isEqualTo("{\"input\":7,\"output\":3,\"total\":10}");
  }

  @Test
  void chunkWithoutCountsIsEmpty() {
    UsageDetails usage =
        UsageDetails.read(
            GenerateContentResponseUsageMetadata.fromJson("{\"trafficType\": \"ON_DEMAND\"}"));

    assertThat(usage.isEmpty()).isTrue();
    SpanData span = SpanData.forTest("t", "s", null, "chat", 0);
    usage.recordTo(span);
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS)).isNull();
  }

  private static SpanData record(String usageJson) {
    SpanData span = SpanData.forTest("t", "s", null, "chat", 0);
    UsageDetails.read(GenerateContentResponseUsageMetadata.fromJson(usageJson)).recordTo(span);
    return span;
  }
}
