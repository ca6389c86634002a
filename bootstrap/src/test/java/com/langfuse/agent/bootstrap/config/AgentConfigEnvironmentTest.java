package com.langfuse.agent.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigEnvironmentTest {

  @Test
  void validNamesAreKept() {
    for (String name : new String[] {"production", "staging-2", "dev_local", "a".repeat(40)}) {
      AgentConfig config = config(name);

      assertThat(config.environment()).as(name).isEqualTo(name);
      assertThat(config.warnings()).as(name).isEmpty();
    }
  }

  @Test
  void invalidNamesWarnAndUseDefault() {
    for (String name : new String[] {"Production", "prod env", "démo", "langfuse-test", "a".repeat(41)}) {
      AgentConfig config = config(name);

      assertThat(config.environment()).as(name).isNull();
      assertThat(config.warnings()).as(name).hasSize(1);
      assertThat(config.warnings().get(0)).as(name).startsWith("LANGFUSE_TRACING_ENVIRONMENT=" + name + " is invalid");
    }
  }

  @Test
  void longNameIsShortenedInWarning() {
    AgentConfig config = config("e".repeat(20_000));

    assertThat(config.environment()).isNull();
    assertThat(config.warnings()).hasSize(1);
    assertThat(config.warnings().get(0)).contains("(20000 characters)");
    assertThat(config.warnings().get(0).length()).isLessThan(300);
  }

  private static AgentConfig config(String environment) {
    return AgentConfig.fromMap(
        Map.of(
            "LANGFUSE_PUBLIC_KEY", "pk-lf-test",
            "LANGFUSE_SECRET_KEY", "sk-lf-test",
            "LANGFUSE_TRACING_ENVIRONMENT", environment));
  }
}
