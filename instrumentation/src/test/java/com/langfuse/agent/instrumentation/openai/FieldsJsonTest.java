package com.langfuse.agent.instrumentation.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.JsonField;
import com.openai.core.JsonMissing;
import com.openai.core.JsonValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldsJsonTest {

  @Test
  void finishWritesCompactObject() {
    String json =
        new FieldsJson()
            .field("text", JsonField.of("a\"b\n\u00e9"))
            .field("number", JsonField.of(0.25))
            .field("count", JsonField.of(3L))
            .field("flag", JsonField.of(true))
            .field("list", JsonValue.from(List.of(1, "x")))
            .field("nothing", JsonValue.from(null))
            .field("missing", JsonMissing.of())
            .finish();

    assertThat(json)
        .isEqualTo(
            "{\"text\":\"a\\\"b\\n\u00e9\",\"number\":0.25,\"count\":3,\"flag\":true,"
                + "\"list\":[1,\"x\"],\"nothing\":null}");
  }

  @Test
  void finishMembersLocatesEveryMember() {
    RawJson.Members members =
        new FieldsJson()
            .field("text", JsonField.of("a\"b"))
            .field("object", JsonValue.from(Map.of("k", List.of("v"))))
            .field("nothing", JsonValue.from(null))
            .finishMembers();

    assertThat(members.get("text").text()).isEqualTo("\"a\\\"b\"");
    assertThat(members.get("object").text()).isEqualTo("{\"k\":[\"v\"]}");
    assertThat(members.get("nothing").isNull()).isTrue();
    assertThat(members.get("missing")).isNull();
  }

  @Test
  void finishMembersSkipsNestedObjectMembers() {
    RawJson.Members members =
        new FieldsJson()
            .startObject("outer")
            .field("inner", JsonField.of(1L))
            .endObject()
            .field("after", JsonField.of(2L))
            .finishMembers();

    assertThat(members.get("inner")).isNull();
    assertThat(members.get("outer").text()).isEqualTo("{\"inner\":1}");
    assertThat(members.get("after").text()).isEqualTo("2");
  }

  @Test
  void arrayHoldsObjects() {
    String json =
        new FieldsJson(true)
            .startObject()
            .string("role", "assistant")
            .nullField("content")
            .endObject()
            .startObject()
            .endObject()
            .finish();

    assertThat(json).isEqualTo("[{\"role\":\"assistant\",\"content\":null},{}]");
  }
}
