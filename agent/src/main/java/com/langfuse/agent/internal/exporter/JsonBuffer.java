package com.langfuse.agent.internal.exporter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that JSON is written into as UTF-8, token by token, with no tree and no
 * intermediate strings. The caller writes the structure (braces, commas, keys) itself.
 *
 * <p>{@link #string(String)} escapes as RFC 8259 requires: the quotation mark, the reverse solidus
 * and the control characters below U+0020. Every other character is written as its UTF-8 bytes, a
 * surrogate pair as one 4-byte sequence, and an unpaired surrogate as U+FFFD, because UTF-8 cannot
 * encode it and parsers disagree on a JSON escape of one.
 *
 * <p>Not thread-safe.
 */
final class JsonBuffer {

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private byte[] bytes;
  private int size;

  JsonBuffer(int initialCapacity) {
    bytes = new byte[initialCapacity];
  }

  int size() {
    return size;
  }

  void reset() {
    size = 0;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  void writeTo(OutputStream out) throws IOException {
    out.write(bytes, 0, size);
  }

  /** Appends one ASCII character, such as a brace or a comma. */
  JsonBuffer raw(char c) {
    ensure(1);
    bytes[size++] = (byte) c;
    return this;
  }

  /** Appends {@code json}, bytes of JSON encoded already, as they are. */
  JsonBuffer raw(byte[] json) {
    ensure(json.length);
    System.arraycopy(json, 0, bytes, size, json.length);
    size += json.length;
    return this;
  }

  /** Appends {@code text} unquoted and unescaped; it must be ASCII, such as a key and its colon. */
  JsonBuffer raw(String text) {
    int length = text.length();
    ensure(length);
    for (int i = 0; i < length; i++) {
      bytes[size++] = (byte) text.charAt(i);
    }
    return this;
  }

  /** Appends {@code "key":}; {@code key} must be ASCII with nothing to escape. */
  JsonBuffer key(String key) {
    raw('"').raw(key);
    return raw("\":");
  }

  /** Appends {@code text} as a quoted, escaped JSON string. */
  JsonBuffer string(String text) {
    int length = text.length();
    // At most 6 bytes per char (an escape), plus the quotes.
    ensure((long) length * 6 + 2);
    byte[] out = bytes;
    int at = size;
    out[at++] = '"';
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\') {
          out[at++] = (byte) c;
        } else {
          at = escape(out, at, c);
        }
      } else if (c < 0x800) {
        out[at++] = (byte) (0xC0 | (c >> 6));
        out[at++] = (byte) (0x80 | (c & 0x3F));
      } else if (!Character.isSurrogate(c)) {
        at = threeBytes(out, at, c);
      } else if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        int codePoint = Character.toCodePoint(c, text.charAt(++i));
        out[at++] = (byte) (0xF0 | (codePoint >> 18));
        out[at++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
        out[at++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
        out[at++] = (byte) (0x80 | (codePoint & 0x3F));
      } else {
        at = threeBytes(out, at, '\uFFFD');
      }
    }
    out[at++] = '"';
    size = at;
    return this;
  }

  /**
   * Appends {@code id} as a quoted string in lowercase when it is {@code length} hex digits, and
   * returns whether it is. An id that is not is left out, with nothing appended.
   */
  boolean hexId(String id, int length) {
    if (id == null || id.length() != length) {
      return false;
    }
    ensure(length + 2);
    byte[] out = bytes;
    int at = size;
    out[at++] = '"';
    for (int i = 0; i < length; i++) {
      char c = id.charAt(i);
      if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) {
        out[at++] = (byte) c;
      } else if (c >= 'A' && c <= 'F') {
        out[at++] = (byte) (c + ('a' - 'A'));
      } else {
        return false;
      }
    }
    out[at++] = '"';
    size = at;
    return true;
  }

  /** Appends {@code value} as a quoted decimal string, as OTLP/JSON writes 64-bit integers. */
  JsonBuffer quotedLong(long value) {
    return raw('"').number(value).raw('"');
  }

  /** Appends {@code value} in decimal, without making a string of it. */
  JsonBuffer number(long value) {
    if (value == Long.MIN_VALUE) {
      return raw("-9223372036854775808");
    }
    ensure(20);
    byte[] out = bytes;
    long rest = value;
    if (rest < 0) {
      out[size++] = '-';
      rest = -rest;
    }
    int digits = 1;
    for (long bound = 10; digits < 19 && rest >= bound; bound *= 10) {
      digits++;
    }
    int at = size + digits;
    size = at;
    do {
      out[--at] = (byte) ('0' + (int) (rest % 10));
      rest /= 10;
    } while (rest != 0);
    return this;
  }

  /**
   * Appends {@code value} as a JSON number, or NaN and the infinities as the strings {@code "NaN"},
   * {@code "Infinity"} and {@code "-Infinity"}, as the protobuf JSON mapping spells them.
   */
  JsonBuffer number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return raw('"').raw(Double.toString(value)).raw('"');
    }
    return raw(Double.toString(value));
  }

  JsonBuffer bool(boolean value) {
    return raw(value ? "true" : "false");
  }

  private static int escape(byte[] out, int at, char c) {
    out[at++] = '\\';
    switch (c) {
      case '"':
      case '\\':
        out[at++] = (byte) c;
        return at;
      case '\n':
        out[at++] = 'n';
        return at;
      case '\r':
        out[at++] = 'r';
        return at;
      case '\t':
        out[at++] = 't';
        return at;
      case '\b':
        out[at++] = 'b';
        return at;
      case '\f':
        out[at++] = 'f';
        return at;
      default:
        out[at++] = 'u';
        out[at++] = '0';
        out[at++] = '0';
        out[at++] = HEX[c >> 4];
        out[at++] = HEX[c & 0xF];
        return at;
    }
  }

  private static int threeBytes(byte[] out, int at, char c) {
    out[at++] = (byte) (0xE0 | (c >> 12));
    out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
    out[at++] = (byte) (0x80 | (c & 0x3F));
    return at;
  }

  private void ensure(long more) {
    long needed = size + more;
    if (needed > bytes.length) {
      if (needed > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("a JSON buffer cannot grow past 2 GB");
      }
      long doubled = Math.min(bytes.length * 2L, Integer.MAX_VALUE - 8);
      bytes = Arrays.copyOf(bytes, (int) Math.max(needed, doubled));
    }
  }
}
