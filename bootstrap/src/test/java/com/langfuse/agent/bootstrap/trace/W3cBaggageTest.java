package com.langfuse.agent.bootstrap.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class W3cBaggageTest {

  @Test
  void parseDecodesAndDropsProperties() {
    Map<String, String> entries = W3cBaggage.parse(" a = 1 ;p=q, b=%E2%82%AC%20x ,c=");

    assertThat(entries).containsEntry("a", "1");
    assertThat(entries).containsEntry("b", "\u20ac x");
    assertThat(entries).containsEntry("c", "");
  }

  @Test
  void parseSkipsInvalidMembers() {
    Map<String, String> entries = W3cBaggage.parse("=x,no-equals,bad key=1,ok=%zz,good=2");

    assertThat(entries).containsOnlyKeys("good");
  }

  @Test
  void parseOfNullIsEmpty() {
    assertThat(W3cBaggage.parse(null)).isEmpty();
  }

  @Test
  void formatEncodesSpecialCharacters() {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("langfuse_session_id", "a b,c;d%e\"\u20ac");

    String header = W3cBaggage.format(entries);

    assertThat(header).isEqualTo("langfuse_session_id=a%20b%2Cc%3Bd%25e%22%E2%82%AC");
    assertThat(W3cBaggage.parse(header)).isEqualTo(entries);
  }

  @Test
  void formatOfNothingIsNull() {
    assertThat(W3cBaggage.format(Map.of())).isNull();
  }

  @Test
  void formatStopsAtMemberLimit() {
    Map<String, String> entries = new LinkedHashMap<>();
    for (int i = 0; i < 100; i++) {
      entries.put("k" + i, "v");
    }

    assertThat(W3cBaggage.parse(W3cBaggage.format(entries))).hasSize(W3cBaggage.MAX_MEMBERS);
  }

  @Test
  void formatStopsAtByteLimit() {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("a", "x".repeat(5000));
    entries.put("b", "y".repeat(5000));

    String header = W3cBaggage.format(entries);

    assertThat(header).hasSizeLessThanOrEqualTo(W3cBaggage.MAX_BYTES);
    assertThat(W3cBaggage.parse(header)).containsOnlyKeys("a");
  }
}
