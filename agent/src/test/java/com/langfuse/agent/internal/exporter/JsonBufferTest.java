package com.langfuse.agent.internal.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonBufferTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void stringEscapesQuoteBackslashAndControls() {
    String text = "a\"b\\c\n\r\t\b\f\u0000\u001f\u007f/";

    String json = written(new JsonBuffer(4).string(text));

    assertThat(json).isEqualTo("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0000\\u001f\u007f/\"");
  }

  @Test
  void hexIdWritesLowercaseQuoted() {
    JsonBuffer buffer = new JsonBuffer(4);

    assertThat(buffer.hexId("0aF9Bc", 6)).isTrue();
    assertThat(written(buffer)).isEqualTo("\"0af9bc\"");
  }

  @Test
  void hexIdRejectsNonHexCharacter() {
    JsonBuffer buffer = new JsonBuffer(4).raw('x');

    assertThat(buffer.hexId("0aG9bc", 6)).isFalse();
    assertThat(written(buffer)).isEqualTo("x");
  }

  @Test
  void hexIdRejectsWrongLength() {
    JsonBuffer buffer = new JsonBuffer(4);

    assertThat(buffer.hexId("0af9b", 6)).isFalse();
    assertThat(buffer.hexId(null, 6)).isFalse();
    assertThat(buffer.size()).isZero();
  }

  @Test
  void stringWritesEmojiAsFourBytes() {
    byte[] bytes = new JsonBuffer(4).string("\uD83E\uDD16").toByteArray();

    assertThat(bytes).hasSize(6);
    assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("\"\uD83E\uDD16\"");
  }

  @Test
  void stringReplacesUnpairedSurrogates() {
    String json = written(new JsonBuffer(4).string("a\uD800b\uDC00"));

    assertThat(json).isEqualTo("\"a\uFFFDb\uFFFD\"");
  }

  @Test
  void randomStringsRoundTripThroughJackson() throws IOException {
    Random random = new Random(42);
    for (int round = 0; round < 2000; round++) {
      String text = randomWellFormed(random, random.nextInt(64));

      JsonNode parsed = MAPPER.readTree(new JsonBuffer(16).string(text).toByteArray());

      assertThat(parsed.textValue()).isEqualTo(text);
    }
  }

  @Test
  void longStringsRoundTripThroughJackson() throws IOException {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      String text = randomWellFormed(random, 1000 + random.nextInt(9000));

      JsonNode parsed = MAPPER.readTree(new JsonBuffer(16).string(text).toByteArray());

      assertThat(parsed.textValue()).isEqualTo(text);
    }
  }

  @Test
  void surrogatePairAfterLongRunStaysWhole() {
    String text = "a".repeat(2047) + "\uD83E\uDD16" + "b";

    byte[] bytes = new JsonBuffer(4).string(text).toByteArray();

    assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("\"" + text + "\"");
  }

  @Test
  void unpairedSurrogatesInLongTextAreReplaced() {
    String text = "a".repeat(2047) + "\uD83E" + "b".repeat(3000) + "\uDD16";

    String json = written(new JsonBuffer(4).string(text));

    assertThat(json)
        .isEqualTo("\"" + "a".repeat(2047) + "\uFFFD" + "b".repeat(3000) + "\uFFFD\"");
  }

  @Test
  void numberWritesLongsInDecimal() {
    long[] values = {
      0, 7, 9, 10, 99, 100, -1, -10, 123456789, 999999999999999999L, 1000000000000000000L,
      Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1
    };
    for (long value : values) {
      assertThat(written(new JsonBuffer(1).number(value))).isEqualTo(Long.toString(value));
    }
  }

  @Test
  void doubleSpecialValuesAreQuoted() {
    JsonBuffer out = new JsonBuffer(4);
    out.number(Double.NaN).raw(',').number(Double.NEGATIVE_INFINITY).raw(',').number(0.25);

    assertThat(written(out)).isEqualTo("\"NaN\",\"-Infinity\",0.25");
  }

  @Test
  void quotedLongIsDecimalString() {
    assertThat(written(new JsonBuffer(1).quotedLong(Long.MIN_VALUE)))
        .isEqualTo("\"-9223372036854775808\"");
  }

  private static String written(JsonBuffer out) {
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }

  /** Returns text mixing ASCII, controls, two- and three-byte characters and surrogate pairs. */
  private static String randomWellFormed(Random random, int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      switch (random.nextInt(5)) {
        case 0:
          text.append((char) random.nextInt(0x20));
          break;
        case 1:
          text.append((char) (0x20 + random.nextInt(0x60)));
          break;
        case 2:
          text.append((char) (0x80 + random.nextInt(0x780)));
          break;
        case 3:
          text.append((char) (0x800 + random.nextInt(0xD800 - 0x800)));
          break;
        default:
          text.appendCodePoint(0x10000 + random.nextInt(0x10FFFF - 0x10000));
          break;
      }
    }
    return text.toString();
  }
}
