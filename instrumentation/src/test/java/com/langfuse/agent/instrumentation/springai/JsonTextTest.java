package com.langfuse.agent.instrumentation.springai;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTextTest {

  @Test
  void writesNestedValuesWithCommas() {
    String json =
        new JsonText()
            .beginObject()
            .field("a", 1)
            .name("list")
            .beginArray()
            .value("x")
            .value(2.5)
            .endArray()
            .field("flag", Boolean.TRUE)
            .field("skipped", null)
            .endObject()
            .toString();

    assertThat(json).isEqualTo("{\"a\":1,\"list\":[\"x\",2.5],\"flag\":true}");
  }

  @Test
  void escapesStrings() {
    assertThat(new JsonText().value("say \"hi\"\n").toString()).isEqualTo("\"say \\\"hi\\\"\\n\"");
  }

  @Test
  void emptyObjectDetected() {
    assertThat(new JsonText().beginObject().endObject().isEmptyObject()).isTrue();
  }
}
