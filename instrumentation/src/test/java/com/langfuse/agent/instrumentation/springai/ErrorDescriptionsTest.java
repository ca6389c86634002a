package com.langfuse.agent.instrumentation.springai;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorDescriptionsTest {

  @Test
  void springAi1ErrorGivesStatusAndMessage() {
    RuntimeException error =
        new RuntimeException("404 - {\"error\":{\"message\":\"model not found\",\"type\":\"x\"}}");

    assertThat(ErrorDescriptions.describe(error)).isEqualTo("HTTP 404: model not found");
  }

  @Test
  void sdkErrorGivesStatusAndMessage() {
    RuntimeException error = new RuntimeException("429: rate limited");

    assertThat(ErrorDescriptions.describe(error)).isEqualTo("HTTP 429: rate limited");
  }

  @Test
  void bodyWithoutMessageIsKept() {
    RuntimeException error = new RuntimeException("500 - upstream failed");

    assertThat(ErrorDescriptions.describe(error)).isEqualTo("HTTP 500: upstream failed");
  }

  @Test
  void otherErrorGivesClassAndMessage() {
    IllegalStateException error = new IllegalStateException("closed");

    assertThat(ErrorDescriptions.describe(error))
        .isEqualTo("java.lang.IllegalStateException: closed");
  }

  @Test
  void errorWithoutMessageGivesClass() {
    assertThat(ErrorDescriptions.describe(new NullPointerException()))
        .isEqualTo("java.lang.NullPointerException");
  }
}
