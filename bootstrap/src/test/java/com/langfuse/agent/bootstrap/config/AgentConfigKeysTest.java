package com.langfuse.agent.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigKeysTest {

  @Test
  void bothKeysMissing() {
    AgentConfig config = AgentConfig.fromMap(Map.of());

    assertThat(config.isEnabled()).isFalse();
    assertThat(config.disabledReason())
        .isEqualTo(
            "LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY are not set: set them to your project's"
                + " API keys to enable tracing");
  }

  @Test
  void emptyPublicKeyIsMissing() {
    AgentConfig config =
        AgentConfig.fromMap(Map.of("LANGFUSE_PUBLIC_KEY", "", "LANGFUSE_SECRET_KEY", "sk-lf-test"));

    assertThat(config.isEnabled()).isFalse();
    assertThat(config.disabledReason())
        .isEqualTo(
            "LANGFUSE_PUBLIC_KEY is not set: set it to your project's public key to enable tracing");
  }

  @Test
  void blankSecretKeyIsMissing() {
    AgentConfig config =
        AgentConfig.fromMap(Map.of("LANGFUSE_PUBLIC_KEY", "pk-lf-test", "LANGFUSE_SECRET_KEY", "  "));

    assertThat(config.isEnabled()).isFalse();
    assertThat(config.disabledReason())
        .isEqualTo(
            "LANGFUSE_SECRET_KEY is not set: set it to your project's secret key to enable tracing");
  }

  @Test
  void keysAreTrimmed() {
    AgentConfig config =
        AgentConfig.fromMap(
            Map.of("LANGFUSE_PUBLIC_KEY", " pk-lf-test\n", "LANGFUSE_SECRET_KEY", "\tsk-lf-test "));

    assertThat(config.isEnabled()).isTrue();
    assertThat(config.publicKey()).isEqualTo("pk-lf-test");
    assertThat(config.secretKey()).isEqualTo("sk-lf-test");
  }
}
