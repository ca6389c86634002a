package com.langfuse.agent.instrumentation.bedrock;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BedrockCallHandlerTest {

  @Test
  void sdkWithConverseAccepted() {
    assertThatCode(() -> BedrockCallHandler.requireConverseApi(getClass().getClassLoader()))
        .doesNotThrowAnyException();
  }

  @Test
  void sdkWithoutConverseRejected() {
    ClassLoader jdkOnly = new ClassLoader(null) {};

    assertThatThrownBy(() -> BedrockCallHandler.requireConverseApi(jdkOnly))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("bedrockruntime 2.25.63 or later is required");
  }
}
