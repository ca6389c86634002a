package com.langfuse.agent.instrumentation.openai;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SdkVersionCheckTest {

  @Test
  void acceptsBuildSdkVersion() {
    assertThatCode(() -> SdkVersionCheck.requireSupported(getClass().getClassLoader()))
        .doesNotThrowAnyException();
  }

  @Test
  void rejectsLoaderWithoutSdk() {
    assertThatThrownBy(() -> SdkVersionCheck.requireSupported(ClassLoader.getPlatformClassLoader()))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("openai-java 4.0.0 or later is required")
        .hasMessageContaining("ChatCompletionMessageFunctionToolCall");
  }
}
