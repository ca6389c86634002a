package com.langfuse.agent.internal.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AttributeKeysTest {

  @Test
  void keyValueStartEscapesKey() {
    byte[] start = new AttributeKeys().keyValueStart("a\"b\u00e9");

    assertThat(new String(start, StandardCharsets.UTF_8))
        .isEqualTo("{\"key\":\"a\\\"b\u00e9\",\"value\":{");
  }

  @Test
  void keyValueStartReusesCachedBytes() {
    AttributeKeys keys = new AttributeKeys();

    assertThat(keys.keyValueStart("gen_ai.request.model"))
        .isSameAs(keys.keyValueStart("gen_ai.request.model"));
  }

  @Test
  void keysPastLimitAreStillEncoded() {
    AttributeKeys keys = new AttributeKeys();
    for (int i = 0; i < AttributeKeys.MAX_KEYS; i++) {
      keys.keyValueStart("key." + i);
    }

    byte[] start = keys.keyValueStart("one.more");

    assertThat(new String(start, StandardCharsets.UTF_8))
        .isEqualTo("{\"key\":\"one.more\",\"value\":{");
    assertThat(keys.keyValueStart("one.more")).isNotSameAs(start);
  }
}
