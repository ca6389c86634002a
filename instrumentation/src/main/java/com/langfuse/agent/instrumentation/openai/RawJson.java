package com.langfuse.agent.instrumentation.openai;

import java.util.Arrays;

/**
 * One JSON value inside a JSON text, located by its start and end index, read without building a
 * tree or decoding strings. The text must be what a Jackson generator wrote: {@link #text()} is the
 * value exactly as written, so copying it gives the bytes Jackson writes for the same value.
 *
 * <p>Meant for the exporter thread: cutting the messages and parameters out of a serialized request
 * costs a scan of the text, while a tree costs an object per node and a second serialization.
 */
final class RawJson {

  /** The members of a value that is not an object. */
  static final Members NO_MEMBERS = new Members(null);

  private final String json;
  private final int start;
  private final int end;

  private RawJson(String json, int start, int end) {
    this.json = json;
    this.start = start;
    this.end = end;
  }

  /**
   * Returns the top-level value of {@code json}.
   *
   * @throws IllegalArgumentException when the text is not one complete JSON value
   */
  static RawJson parse(String json) {
    int start = skipWhitespace(json, 0);
    int end = skipValue(json, start);
    if (skipWhitespace(json, end) != json.length()) {
      throw new IllegalArgumentException("unexpected text after the JSON value at " + end);
    }
    return new RawJson(json, start, end);
  }

  /** Returns the value as written, from its first to its last character. */
  String text() {
    return json.substring(start, end);
  }

  /** Appends the value as written to {@code out}. */
  StringBuilder appendTo(StringBuilder out) {
    return out.append(json, start, end);
  }

  boolean isNull() {
    return json.startsWith("null", start) && end - start == 4;
  }

  boolean isString() {
    return json.charAt(start) == '"';
  }

  boolean isObject() {
    return json.charAt(start) == '{';
  }

  /** Returns whether the value is a string, a number or a boolean, the values a tree keeps flat. */
  boolean isScalar() {
    char first = json.charAt(start);
    return first != '{' && first != '[' && !isNull();
  }

  /**
   * Returns the members of this object, or no members when the value is not an object, as a Jackson
   * tree finds no field in a value that is not an object.
   */
  Members members() {
    return new Members(this);
  }

  /**
   * Appends {@code text} as a JSON string, escaped as a Jackson generator with default settings
   * escapes it. {@code text} must be JSON written by Jackson, whose control characters are already
   * escaped inside its strings and which has none outside, so only quotes and backslashes remain.
   */
  static StringBuilder appendQuotedJson(StringBuilder out, String text) {
    out.append('"');
    int copied = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append(text, copied, i).append('\\').append(c);
        copied = i + 1;
      }
    }
    return out.append(text, copied, text.length()).append('"');
  }

  private static int skipWhitespace(String json, int at) {
    int i = at;
    while (i < json.length()) {
      char c = json.charAt(i);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        break;
      }
      i++;
    }
    return i;
  }

  /** Returns the index just after the value that starts at {@code at}. */
  private static int skipValue(String json, int at) {
    if (at >= json.length()) {
      throw new IllegalArgumentException("a JSON value is missing at " + at);
    }
    char first = json.charAt(at);
    if (first == '"') {
      return skipString(json, at);
    }
    if (first == '{' || first == '[') {
      return skipContainer(json, at);
    }
    int i = at;
    while (i < json.length()) {
      char c = json.charAt(i);
      if (c == ',' || c == '}' || c == ']' || c == ':' || c == ' ' || c == '\n' || c == '\r'
          || c == '\t') {
        break;
      }
      i++;
    }
    if (i == at) {
      throw new IllegalArgumentException("unexpected '" + first + "' at " + at);
    }
    return i;
  }

  /**
   * Returns the index just after the closing quote of the string that starts at {@code at}. A quote
   * closes the string unless an odd number of backslashes precedes it.
   */
  private static int skipString(String json, int at) {
    int from = at + 1;
    while (true) {
      // String.indexOf is an intrinsic that compares many chars at a time.
      int quote = json.indexOf('"', from);
      if (quote < 0) {
        throw new IllegalArgumentException("a JSON string starting at " + at + " is not closed");
      }
      int backslashes = 0;
      while (json.charAt(quote - 1 - backslashes) == '\\') {
        backslashes++;
      }
      if ((backslashes & 1) == 0) {
        return quote + 1;
      }
      from = quote + 1;
    }
  }

  /**
   * Returns the index just after the object or array that starts at {@code at}, counting brackets
   * outside strings only.
   */
  private static int skipContainer(String json, int at) {
    int depth = 0;
    int i = at;
    while (i < json.length()) {
      char c = json.charAt(i);
      if (c == '"') {
        i = skipString(json, i);
        continue;
      }
      if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
        if (depth == 0) {
          return i + 1;
        }
      }
      i++;
    }
    throw new IllegalArgumentException("a JSON container starting at " + at + " is not closed");
  }

  /**
   * The members of one JSON object, found in one pass, so that looking up many keys scans a long
   * value (such as the messages of a request) once.
   */
  static final class Members {
    private final String json;

    /** For each member: key start and end (inside the quotes), value start and end. */
    private int[] bounds = new int[16 * 4];

    private int count;

    /**
     * Creates the members of object text {@code json} from their bounds, which the code that wrote
     * the text recorded. For each member they are the key's start and end (inside the quotes), then
     * the value's start and end.
     */
    Members(String json, int[] bounds, int count) {
      this.json = json;
      this.bounds = bounds;
      this.count = count;
    }

    private Members(RawJson object) {
      this.json = object == null ? "" : object.json;
      if (object != null && object.isObject()) {
        index(object.start, object.end);
      }
    }

    /**
     * Returns the value of member {@code key}, or null when it is absent. With a key written twice,
     * the last one counts, as in a Jackson tree.
     */
    RawJson get(String key) {
      for (int m = count - 1; m >= 0; m--) {
        int keyStart = bounds[m * 4];
        int keyEnd = bounds[m * 4 + 1];
        if (keyEnd - keyStart == key.length() && json.startsWith(key, keyStart)) {
          return new RawJson(json, bounds[m * 4 + 2], bounds[m * 4 + 3]);
        }
      }
      return null;
    }

    /** Returns {@link #get} unless the value is JSON null. */
    RawJson present(String key) {
      RawJson value = get(key);
      return value == null || value.isNull() ? null : value;
    }

    /** Returns {@link #get} when the value is a JSON string, else null. */
    RawJson string(String key) {
      RawJson value = get(key);
      return value != null && value.isString() ? value : null;
    }

    private void index(int objectStart, int objectEnd) {
      int i = skipWhitespace(json, objectStart + 1);
      if (json.charAt(i) == '}') {
        return;
      }
      while (i < objectEnd) {
        if (json.charAt(i) != '"') {
          throw new IllegalArgumentException("a member name is missing at " + i);
        }
        int keyEnd = skipString(json, i);
        int colon = skipWhitespace(json, keyEnd);
        if (json.charAt(colon) != ':') {
          throw new IllegalArgumentException("a colon is missing at " + colon);
        }
        int valueStart = skipWhitespace(json, colon + 1);
        int valueEnd = skipValue(json, valueStart);
        add(i + 1, keyEnd - 1, valueStart, valueEnd);

        int next = skipWhitespace(json, valueEnd);
        char separator = json.charAt(next);
        if (separator == '}') {
          return;
        }
        if (separator != ',') {
          throw new IllegalArgumentException("a comma is missing at " + next);
        }
        i = skipWhitespace(json, next + 1);
      }
    }

    private void add(int keyStart, int keyEnd, int valueStart, int valueEnd) {
      bounds = withBounds(bounds, count, keyStart, keyEnd, valueStart, valueEnd);
      count++;
    }

    /**
     * Returns {@code bounds} with member number {@code index} set, grown when it is full. Each
     * member takes four ints: key start and end (inside the quotes), value start and end.
     */
    static int[] withBounds(
        int[] bounds, int index, int keyStart, int keyEnd, int valueStart, int valueEnd) {
      int[] grown = index * 4 < bounds.length ? bounds : Arrays.copyOf(bounds, bounds.length * 2);
      grown[index * 4] = keyStart;
      grown[index * 4 + 1] = keyEnd;
      grown[index * 4 + 2] = valueStart;
      grown[index * 4 + 3] = valueEnd;
      return grown;
    }
  }
}
