package com.langfuse.agent.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigBaseUrlTest {

  @Test
  void trailingSlashIsDropped() {
    AgentConfig config = config("http://127.0.0.1:3000/");

    assertThat(config.isEnabled()).isTrue();
    assertThat(config.tracesEndpoint()).isEqualTo("http://127.0.0.1:3000/api/public/otel/v1/traces");
  }

  @Test
  void pathIsKept() {
    AgentConfig config = config("http://127.0.0.1:3000/langfuse/");

    assertThat(config.isEnabled()).isTrue();
    assertThat(config.tracesEndpoint())
        .isEqualTo("http://127.0.0.1:3000/langfuse/api/public/otel/v1/traces");
  }

  @Test
  void queryDisablesTracing() {
    AgentConfig config = config("http://127.0.0.1:3000?project=1");

    assertThat(config.isEnabled()).isFalse();
    assertThat(config.disabledReason()).contains("LANGFUSE_BASE_URL").contains("query");
  }

  @Test
  void fragmentDisablesTracing() {
    AgentConfig config = config("http://127.0.0.1:3000/#top");

    assertThat(config.isEnabled()).isFalse();
    assertThat(config.disabledReason()).contains("LANGFUSE_BASE_URL");
  }

  @Test
  void portOutOfRangeDisablesTracing() {
    AgentConfig config = config("http://127.0.0.1:99999");

    assertThat(config.isEnabled()).isFalse();
    assertThat(config.disabledReason()).contains("LANGFUSE_BASE_URL").contains("99999");
  }

  @Test
  void userInfoDisablesTracingWithoutPassword() {
    AgentConfig config = config("https://admin:hunter2@langfuse.example.com");

    assertThat(config.isEnabled()).isFalse();
    assertThat(config.disabledReason()).contains("LANGFUSE_BASE_URL");
    assertThat(config.disabledReason()).doesNotContain("hunter2");
    assertThat(config.warnings()).noneSatisfy(warning -> assertThat(warning).contains("hunter2"));
    assertThat(config.toString()).doesNotContain("hunter2");
  }

  @Test
  void unparsableUrlLoggedWithoutPassword() {
    AgentConfig config = config("https://admin:hunter 2@langfuse.example.com");

    assertThat(config.isEnabled()).isFalse();
    assertThat(config.disabledReason()).contains("https://langfuse.example.com");
    assertThat(config.disabledReason()).doesNotContain("hunter");
  }

  @Test
  void userInfoIsCutFromText() {
    assertThat(AgentConfig.withoutUserInfo("https://a:b@host:1/p?q=x@y")).isEqualTo("https://host:1/p?q=x@y");
    assertThat(AgentConfig.withoutUserInfo("https://host/p@x")).isEqualTo("https://host/p@x");
    assertThat(AgentConfig.withoutUserInfo("a:b@host")).isEqualTo("host");
    assertThat(AgentConfig.withoutUserInfo("not a url")).isEqualTo("not a url");
  }

  private static AgentConfig config(String baseUrl) {
    return AgentConfig.fromMap(
        Map.of(
            "LANGFUSE_PUBLIC_KEY", "pk-lf-test",
            "LANGFUSE_SECRET_KEY", "sk-lf-test",
            "LANGFUSE_BASE_URL", baseUrl));
  }
}
