package com.langfuse.agent.instrumentation.springai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import org.junit.jupiter.api.Test;

class ProviderResponsesTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void openAiUsageTakesCachedOutOfInput() throws Exception {
    SpanData span = SpanData.forTest("t", "s", null, "chat", 0);

    ProviderResponses.recordUsage(
        ProviderFormat.OPENAI,
        span,
        MAPPER.readTree(
            "{\"prompt_tokens\":100,\"completion_tokens\":20,\"total_tokens\":120,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":60}}"));

    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS))
        .isEqualTo("{\"input\":40,\"input_cached_tokens\":60,\"output\":20,\"total\":120}");
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_USAGE_INPUT_TOKENS)).isEqualTo(100L);
  }

  @Test
  void anthropicUsageAddsCacheToTotal() throws Exception {
    SpanData span = SpanData.forTest("t", "s", null, "chat", 0);

    ProviderResponses.recordUsage(
        ProviderFormat.ANTHROPIC,
        span,
        MAPPER.readTree(
            "{\"input_tokens\":10,\"output_tokens\":5,\"cache_read_input_tokens\":100}"));

    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS))
        .isEqualTo("{\"input\":10,\"input_cache_read\":100,\"output\":5,\"total\":115}");
  }

  @Test
  void missingUsageSetsNothing() throws Exception {
    SpanData span = SpanData.forTest("t", "s", null, "chat", 0);

    ProviderResponses.recordUsage(ProviderFormat.OPENAI, span, MAPPER.readTree("{}"));

    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS)).isNull();
  }

  @Test
  void anthropicOutputIsAssistantMessage() throws Exception {
    String output =
        ProviderResponses.output(
            ProviderFormat.ANTHROPIC,
            MAPPER.readTree("{\"content\":[{\"type\":\"text\",\"text\":\"Hello!\"}]}"));

    assertThat(output)
        .isEqualTo("{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Hello!\"}]}");
  }
}
