package com.langfuse.agent.instrumentation.roots;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonValuesTest {

  private enum Color {
    RED
  }

  @Test
  void scalarsKeepJsonType() {
    Object[] values = {"a\"b\n", 1, 2L, 1.5, true, null, Color.RED, Double.NaN};

    assertThat(JsonValues.array(values, JsonValues.MAX_CHARS))
        .isEqualTo("[\"a\\\"b\\n\",1,2,1.5,true,null,\"RED\",\"NaN\"]");
  }

  @Test
  void otherObjectsUseToString() {
    assertThat(JsonValues.value(List.of(1, 2), 100)).isEqualTo("\"[1, 2]\"");
  }

  @Test
  void throwingToStringUsesClassName() {
    Object broken =
        new Object() {
          @Override
          public String toString() {
            throw new IllegalStateException("boom");
          }
        };

    assertThat(JsonValues.value(broken, 100)).startsWith("\"<").endsWith(">\"");
  }

  @Test
  void longStringIsCutWithinBudget() {
    String json = JsonValues.value("x".repeat(10_000), 50);

    assertThat(json).hasSize(50);
    assertThat(json).endsWith("...\"");
  }

  @Test
  void longArrayStaysWithinBudget() {
    Object[] values = new Object[100];
    java.util.Arrays.fill(values, "y".repeat(100));

    String json = JsonValues.array(values, 300);

    assertThat(json.length()).isLessThanOrEqualTo(300);
    assertThat(json).startsWith("[\"yyy").endsWith("\"...\"]");
  }

  @Test
  void controlCharactersAreEscaped() {
    assertThat(JsonValues.value("\u0001\t", 100)).isEqualTo("\"\\u0001\\t\"");
  }
}
