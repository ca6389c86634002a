package com.langfuse.agent.instrumentation.bedrock;

import com.langfuse.agent.instrumentation.roots.JsonValues;

/** Appends JSON tokens to a {@link StringBuilder}. The callers add the structure. */
final class JsonText {

  private JsonText() {}

  /**
   * Appends {@code value} as a JSON string, escaping quotes, backslashes and control characters.
   */
  static StringBuilder string(StringBuilder out, String value) {
    JsonValues.appendQuoted(out, value);
    return out;
  }

  /** Appends {@code "key":}, preceded by a comma unless the object has just been opened. */
  static StringBuilder key(StringBuilder out, String key) {
    char last = out.length() == 0 ? '{' : out.charAt(out.length() - 1);
    if (last != '{' && last != '[') {
      out.append(',');
    }
    return string(out, key).append(':');
  }

  /**
   * Appends a number given as its decimal text, or the text as a JSON string when it is not a
   * finite JSON number (such as {@code NaN}).
   */
  static StringBuilder number(StringBuilder out, String text) {
    return isJsonNumber(text) ? out.append(text) : string(out, text);
  }

  static boolean isJsonNumber(String text) {
    if (text == null || text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean allowed =
          (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
      if (!allowed) {
        return false;
      }
    }
    return Character.isDigit(text.charAt(text.length() - 1));
  }
}
