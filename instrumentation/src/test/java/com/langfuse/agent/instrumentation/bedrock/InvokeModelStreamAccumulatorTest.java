package com.langfuse.agent.instrumentation.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.model.PayloadPart;

class InvokeModelStreamAccumulatorTest {

  @Test
  void claudeEventsAssembled() {
    InvokeModelStreamAccumulator accumulator =
        new InvokeModelStreamAccumulator(ModelFamily.ANTHROPIC);
    accumulator.add(
        chunk(
            "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude-x\","
                + "\"usage\":{\"input_tokens\":15,\"output_tokens\":1}}}"));
    accumulator.add(
        chunk(
            "{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}"));
    accumulator.add(
        chunk(
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                + "\"usage\":{\"output_tokens\":6}}"));
    SpanData span = UsageTest.span();

    accumulator.recordTo(span);
    span.resolveDeferred();

    assertThat(span.attribute(LangfuseAttributes.GEN_AI_RESPONSE_ID)).isEqualTo("msg_1");
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_RESPONSE_MODEL)).isEqualTo("claude-x");
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_RESPONSE_FINISH_REASONS))
        .isEqualTo(List.of("end_turn"));
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_OUTPUT)).isEqualTo("\"Hi\"");
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS))
        .isEqualTo("{\"input\":15,\"output\":6,\"total\":21}");
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_COMPLETION_START_TIME)).isNotNull();
  }

  @Test
  void invocationMetricsForOtherModels() {
    InvokeModelStreamAccumulator accumulator = new InvokeModelStreamAccumulator(ModelFamily.OTHER);
    accumulator.add(chunk("{\"outputText\":\"Hi\"}"));
    accumulator.add(
        chunk(
            "{\"amazon-bedrock-invocationMetrics\":{\"inputTokenCount\":4,"
                + "\"outputTokenCount\":2}}"));
    SpanData span = UsageTest.span();

    accumulator.recordTo(span);

    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS))
        .isEqualTo("{\"input\":4,\"output\":2,\"total\":6}");
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_OUTPUT)).isNull();
  }

  @Test
  void novaDeltasAssembled() {
    InvokeModelStreamAccumulator accumulator = new InvokeModelStreamAccumulator(ModelFamily.NOVA);
    accumulator.add(chunk("{\"contentBlockDelta\":{\"delta\":{\"text\":\"Hel\"}}}"));
    accumulator.add(chunk("{\"contentBlockDelta\":{\"delta\":{\"text\":\"lo\"}}}"));
    accumulator.add(chunk("{\"messageStop\":{\"stopReason\":\"end_turn\"}}"));
    accumulator.add(chunk("{\"metadata\":{\"usage\":{\"inputTokens\":3,\"outputTokens\":2}}}"));
    SpanData span = UsageTest.span();

    accumulator.recordTo(span);
    span.resolveDeferred();

    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_OUTPUT)).isEqualTo("\"Hello\"");
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS))
        .isEqualTo("{\"input\":3,\"output\":2,\"total\":5}");
  }

  private static PayloadPart chunk(String json) {
    return PayloadPart.builder().bytes(SdkBytes.fromUtf8String(json)).build();
  }
}
