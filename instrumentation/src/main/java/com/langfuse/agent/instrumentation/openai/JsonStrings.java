package com.langfuse.agent.instrumentation.openai;

/**
 * Writes JSON strings as the SDK's mapper writes them to text, so attribute text built without
 * Jackson is the same as text built with it. Jackson's text generator with default settings
 * (checked with jackson-core 2.22.3, the version this project builds and tests with) escapes the
 * quotation mark, the reverse solidus and the control characters below U+0020. A control character
 * gets its two-character escape where JSON has one (backspace, tab, newline, form feed, carriage
 * return), else a six-character escape with uppercase hex digits. Every other char is written as it
 * is, including U+007F, non-ASCII chars and unpaired surrogates.
 */
final class JsonStrings {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private JsonStrings() {}

  /** Appends {@code text} to {@code out} as a quoted, escaped JSON string. */
  static StringBuilder appendQuoted(StringBuilder out, String text) {
    out.append('"');
    int copied = 0;
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      out.append(text, copied, i).append('\\');
      copied = i + 1;
      switch (c) {
        case '"':
        case '\\':
          out.append(c);
          break;
        case '\b':
          out.append('b');
          break;
        case '\t':
          out.append('t');
          break;
        case '\n':
          out.append('n');
          break;
        case '\f':
          out.append('f');
          break;
        case '\r':
          out.append('r');
          break;
        default:
          out.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    return out.append(text, copied, length).append('"');
  }
}
