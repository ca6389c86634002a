package com.langfuse.agent.instrumentation.openai;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Checks {@link JsonStrings} against the SDK's mapper, char by char. */
class JsonStringsTest {

  @Test
  void everyAsciiCharMatchesMapper() {
    for (char c = 0; c < 0x80; c++) {
      String text = "a" + c + "b";

      assertThat(JsonStrings.appendQuoted(new StringBuilder(), text).toString())
          .as("char %d", (int) c)
          .isEqualTo(Json.serialize(text));
    }
  }

  @Test
  void nonAsciiTextMatchesMapper() {
    String text = "\u00e9 \u20ac \u2028 \uD83E\uDD16 lone \uD800 \uDC00 end";

    assertThat(JsonStrings.appendQuoted(new StringBuilder(), text).toString())
        .isEqualTo(Json.serialize(text));
  }

  @Test
  void emptyTextIsTwoQuotes() {
    assertThat(JsonStrings.appendQuoted(new StringBuilder(), "").toString()).isEqualTo("\"\"");
  }
}
