package com.langfuse.agent.instrumentation.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDelta;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStart;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlockDelta;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlockStart;

class ConverseStreamAccumulatorTest {

  @Test
  void textAndToolUseAssembled() {
    ConverseStreamAccumulator accumulator = new ConverseStreamAccumulator();
    accumulator.add(MessageStartEvent.builder().role(ConversationRole.ASSISTANT).build());
    accumulator.add(textDelta(0, "Let me "));
    accumulator.add(textDelta(0, "check."));
    accumulator.add(
        ContentBlockStartEvent.builder()
            .contentBlockIndex(1)
            .start(
                ContentBlockStart.fromToolUse(
                    ToolUseBlockStart.builder().toolUseId("tooluse_1").name("get_weather").build()))
            .build());
    accumulator.add(toolDelta(1, "{\"city\":"));
    accumulator.add(toolDelta(1, "\"Paris\"}"));
    accumulator.add(MessageStopEvent.builder().stopReason(StopReason.TOOL_USE).build());
    accumulator.add(
        ConverseStreamMetadataEvent.builder()
            .usage(u -> u.inputTokens(30).outputTokens(9).totalTokens(39))
            .build());
    SpanData span = UsageTest.span();

    accumulator.recordTo(span);
    span.resolveDeferred();

    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_OUTPUT))
        .isEqualTo(
            "{\"role\":\"assistant\",\"content\":[{\"text\":\"Let me check.\"},"
                + "{\"toolUse\":{\"toolUseId\":\"tooluse_1\",\"name\":\"get_weather\","
                + "\"input\":{\"city\":\"Paris\"}}}],\"stopReason\":\"tool_use\"}");
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_RESPONSE_FINISH_REASONS))
        .isEqualTo(List.of("tool_use"));
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS))
        .isEqualTo("{\"input\":30,\"output\":9,\"total\":39}");
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_COMPLETION_START_TIME)).isNotNull();
  }

  @Test
  void brokenToolInputKeptAsString() {
    ConverseStreamAccumulator accumulator = new ConverseStreamAccumulator();
    accumulator.add(toolDelta(0, "{\"city\":"));
    SpanData span = UsageTest.span();

    accumulator.recordTo(span);
    span.resolveDeferred();

    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_OUTPUT))
        .isEqualTo(
            "{\"role\":\"assistant\",\"content\":[{\"toolUse\":{\"input\":\"{\\\"city\\\":\"}}]}");
  }

  @Test
  void noEventsNoOutput() {
    SpanData span = UsageTest.span();

    new ConverseStreamAccumulator().recordTo(span);
    span.resolveDeferred();

    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_OUTPUT)).isNull();
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_COMPLETION_START_TIME)).isNull();
  }

  private static ContentBlockDeltaEvent textDelta(int index, String text) {
    return ContentBlockDeltaEvent.builder()
        .contentBlockIndex(index)
        .delta(ContentBlockDelta.fromText(text))
        .build();
  }

  private static ContentBlockDeltaEvent toolDelta(int index, String input) {
    return ContentBlockDeltaEvent.builder()
        .contentBlockIndex(index)
        .delta(ContentBlockDelta.fromToolUse(ToolUseBlockDelta.builder().input(input).build()))
        .build();
  }
}
