package com.langfuse.agent.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigHeadersTest {

  @Test
  void headersUnsetByDefault() {
    AgentConfig config = config(Map.of());

    assertThat(config.httpUserIdHeader()).isNull();
    assertThat(config.httpSessionIdHeader()).isNull();
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void headerNamesAreRead() {
    AgentConfig config =
        config(
            Map.of(
                "LANGFUSE_HTTP_USER_ID_HEADER", " X-User-Id ",
                "LANGFUSE_HTTP_SESSION_ID_HEADER", "x-session_id"));

    assertThat(config.httpUserIdHeader()).isEqualTo("X-User-Id");
    assertThat(config.httpSessionIdHeader()).isEqualTo("x-session_id");
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void invalidHeaderNameWarnsAndIsIgnored() {
    for (String value : List.of("X User", "X-User:", "user(id)", "Ümlaut")) {
      AgentConfig config = config(Map.of("LANGFUSE_HTTP_USER_ID_HEADER", value));

      assertThat(config.httpUserIdHeader()).as(value).isNull();
      assertThat(config.warnings())
          .as(value)
          .containsExactly(
              "LANGFUSE_HTTP_USER_ID_HEADER="
                  + value
                  + " is invalid: use an HTTP header name such as X-User-Id (letters, digits and"
                  + " !#$%&'*+-.^_`|~); no header is read");
    }
  }

  private static AgentConfig config(Map<String, String> settings) {
    Map<String, String> values = new HashMap<>(settings);
    values.put("LANGFUSE_PUBLIC_KEY", "pk-lf-test");
    values.put("LANGFUSE_SECRET_KEY", "sk-lf-test");
    return AgentConfig.fromMap(values);
  }
}
