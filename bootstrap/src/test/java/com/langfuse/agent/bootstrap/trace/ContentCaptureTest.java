package com.langfuse.agent.bootstrap.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ContentCaptureTest {

  @AfterEach
  void captureAgain() {
    ContentCapture.setEnabled(true);
  }

  @Test
  void contentKeysAreRecognised() {
    assertThat(ContentCapture.isContent(LangfuseAttributes.OBSERVATION_INPUT)).isTrue();
    assertThat(ContentCapture.isContent(LangfuseAttributes.OBSERVATION_OUTPUT)).isTrue();
    assertThat(ContentCapture.isContent(LangfuseAttributes.TRACE_INPUT)).isTrue();
    assertThat(ContentCapture.isContent("gen_ai.prompt.0.content")).isTrue();
    assertThat(ContentCapture.isContent("gen_ai.tool.call.arguments")).isTrue();
    assertThat(ContentCapture.isContent(LangfuseAttributes.GEN_AI_REQUEST_MODEL)).isFalse();
    assertThat(ContentCapture.isContent(LangfuseAttributes.OBSERVATION_USAGE_DETAILS)).isFalse();
    assertThat(ContentCapture.isContent(LangfuseAttributes.OBSERVATION_MODEL_PARAMETERS)).isFalse();
  }

  @Test
  void maskedKeysIncludeMetadataAndStatus() {
    assertThat(ContentCapture.isMasked(LangfuseAttributes.OBSERVATION_INPUT)).isTrue();
    assertThat(ContentCapture.isMasked("langfuse.observation.metadata.customer")).isTrue();
    assertThat(ContentCapture.isMasked("langfuse.trace.metadata")).isTrue();
    assertThat(ContentCapture.isMasked(LangfuseAttributes.OBSERVATION_STATUS_MESSAGE)).isTrue();
    assertThat(ContentCapture.isMasked(LangfuseAttributes.USER_ID)).isFalse();
    assertThat(ContentCapture.isMasked(LangfuseAttributes.GEN_AI_RESPONSE_MODEL)).isFalse();
  }

  @Test
  void captureOffDropsContentOnly() {
    ContentCapture.setEnabled(false);
    SpanData span = SpanData.forTest("0123456789abcdef0123456789abcdef", "0123456789abcdef", null, "chat", 1);

    span.setAttribute(LangfuseAttributes.OBSERVATION_INPUT, "secret prompt");
    span.setAttribute(LangfuseAttributes.GEN_AI_REQUEST_MODEL, "gpt-4o-mini");
    span.setAttribute(LangfuseAttributes.GEN_AI_USAGE_INPUT_TOKENS, 12L);

    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_INPUT)).isNull();
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_REQUEST_MODEL)).isEqualTo("gpt-4o-mini");
    assertThat(span.attribute(LangfuseAttributes.GEN_AI_USAGE_INPUT_TOKENS)).isEqualTo(12L);
  }

  @Test
  void captureOffNeverComputesDeferredContent() {
    ContentCapture.setEnabled(false);
    SpanData span = SpanData.forTest("0123456789abcdef0123456789abcdef", "0123456789abcdef", null, "chat", 1);
    AtomicInteger calls = new AtomicInteger();
    long bytesBefore = span.estimatedBytes();

    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_OUTPUT,
        () -> {
          calls.incrementAndGet();
          return "completion";
        },
        1_000);
    span.resolveDeferred();

    assertThat(calls).hasValue(0);
    assertThat(span.attributeCount()).isZero();
    assertThat(span.estimatedBytes()).isEqualTo(bytesBefore);
  }

  @Test
  void captureOnKeepsContent() {
    SpanData span = SpanData.forTest("0123456789abcdef0123456789abcdef", "0123456789abcdef", null, "chat", 1);

    span.setAttribute(LangfuseAttributes.OBSERVATION_INPUT, "prompt");

    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_INPUT)).isEqualTo("prompt");
  }
}
