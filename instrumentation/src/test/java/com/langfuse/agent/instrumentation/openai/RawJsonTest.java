package com.langfuse.agent.instrumentation.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RawJsonTest {

  @Test
  void membersReturnValuesAsWritten() {
    RawJson.Members members =
        RawJson.parse("{\"a\":[1,{\"b\":\"]}\"}],\"c\":-1.5e3,\"d\":true,\"e\":{\"f\":null}}")
            .members();

    assertThat(members.get("a").text()).isEqualTo("[1,{\"b\":\"]}\"}]");
    assertThat(members.get("c").text()).isEqualTo("-1.5e3");
    assertThat(members.get("d").text()).isEqualTo("true");
    assertThat(members.get("e").text()).isEqualTo("{\"f\":null}");
  }

  @Test
  void escapedQuotesStayInsideString() {
    RawJson.Members members =
        RawJson.parse("{\"a\":\"x\\\"y\\\\\",\"b\":\"\\\\\\\"}\",\"c\":1}").members();

    assertThat(members.get("a").text()).isEqualTo("\"x\\\"y\\\\\"");
    assertThat(members.get("b").text()).isEqualTo("\"\\\\\\\"}\"");
    assertThat(members.get("c").text()).isEqualTo("1");
  }

  @Test
  void whitespaceBetweenTokensIsSkipped() {
    RawJson.Members members = RawJson.parse(" {\n \"a\" : [ 1 , 2 ] ,\t\"b\" : null } ").members();

    assertThat(members.get("a").text()).isEqualTo("[ 1 , 2 ]");
    assertThat(members.get("b").isNull()).isTrue();
  }

  @Test
  void lastDuplicateKeyWins() {
    RawJson.Members members = RawJson.parse("{\"a\":1,\"b\":2,\"a\":3}").members();

    assertThat(members.get("a").text()).isEqualTo("3");
  }

  @Test
  void presentSkipsNullAndAbsent() {
    RawJson.Members members = RawJson.parse("{\"a\":null,\"b\":0}").members();

    assertThat(members.present("a")).isNull();
    assertThat(members.present("missing")).isNull();
    assertThat(members.present("b").text()).isEqualTo("0");
  }

  @Test
  void stringReturnsOnlyStrings() {
    RawJson.Members members = RawJson.parse("{\"a\":\"x\",\"b\":1,\"c\":null}").members();

    assertThat(members.string("a").text()).isEqualTo("\"x\"");
    assertThat(members.string("b")).isNull();
    assertThat(members.string("c")).isNull();
  }

  @Test
  void nonObjectHasNoMembers() {
    assertThat(RawJson.parse("[{\"a\":1}]").members().get("a")).isNull();
    assertThat(RawJson.parse("\"a\"").members().get("a")).isNull();
    assertThat(RawJson.parse("{}").members().get("a")).isNull();
  }

  @Test
  void scalarsAreStringsNumbersAndBooleans() {
    assertThat(RawJson.parse("\"x\"").isScalar()).isTrue();
    assertThat(RawJson.parse("0.5").isScalar()).isTrue();
    assertThat(RawJson.parse("false").isScalar()).isTrue();
    assertThat(RawJson.parse("null").isScalar()).isFalse();
    assertThat(RawJson.parse("[]").isScalar()).isFalse();
    assertThat(RawJson.parse("{}").isScalar()).isFalse();
  }

  @Test
  void malformedTextIsRejected() {
    assertThatThrownBy(() -> RawJson.parse("{\"a\":\"open}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RawJson.parse("{\"a\":[1,2}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RawJson.parse("{\"a\" 1}").members())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RawJson.parse("{\"a\":1} x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RawJson.parse("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void quotedJsonEscapesQuotesAndBackslashes() {
    String quoted =
        RawJson.appendQuotedJson(new StringBuilder(), "[\"a\\\"b\",\"\u00e9\"]").toString();

    assertThat(quoted).isEqualTo("\"[\\\"a\\\\\\\"b\\\",\\\"\u00e9\\\"]\"");
  }
}
