package com.langfuse.agent.instrumentation.roots;

/**
 * Renders application values as JSON for span input and output, within a character budget.
 *
 * <p>Strings, numbers, booleans, characters and enums keep their JSON type; any other object is
 * rendered as the JSON string of its {@code toString()}. A string longer than the budget is cut
 * and ends with {@code ...}, so the result stays valid JSON.
 */
public final class JsonValues {

  /** The default budget of one input or output, in characters. */
  public static final int MAX_CHARS = 4096;

  private static final String CUT = "...";

  /** The element that stands for the arguments left out of a full array. */
  private static final String CUT_ELEMENT = "\"" + CUT + "\"";

  private JsonValues() {}

  /**
   * Returns {@code values} as a JSON array of at most about {@code maxChars} characters. Elements
   * that no longer fit are replaced by one {@code "..."} element. Each element but the last keeps
   * room for that marker and the closing bracket.
   */
  public static String array(Object[] values, int maxChars) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      String separator = i > 0 ? "," : "";
      int reserve = i < values.length - 1 ? CUT_ELEMENT.length() + 1 : 0;
      int budget = maxChars - out.length() - separator.length() - 1 - reserve;
      if (budget < CUT_ELEMENT.length()) {
        out.append(separator).append(CUT_ELEMENT);
        break;
      }
      out.append(separator);
      append(out, values[i], budget);
    }
    return out.append(']').toString();
  }

  /** Returns {@code value} as JSON of at most about {@code maxChars} characters. */
  public static String value(Object value, int maxChars) {
    StringBuilder out = new StringBuilder();
    append(out, value, maxChars);
    return out.toString();
  }

  private static void append(StringBuilder out, Object value, int budget) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Boolean
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      out.append(value);
    } else if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      if (Double.isFinite(number)) {
        out.append(value);
      } else {
        appendString(out, value.toString(), budget);
      }
    } else if (value instanceof Enum) {
      appendString(out, ((Enum<?>) value).name(), budget);
    } else {
      appendString(out, describe(value), budget);
    }
  }

  /** Returns {@code value.toString()}, or the class name when toString throws. */
  private static String describe(Object value) {
    try {
      String text = value.toString();
      return text == null ? "null" : text;
    } catch (RuntimeException | LinkageError e) {
      return "<" + value.getClass().getName() + ">";
    }
  }

  private static void appendString(StringBuilder out, String text, int budget) {
    int limit = Math.max(0, budget - 2);
    boolean cut = text.length() > limit;
    int end = cut ? Math.max(0, limit - CUT.length()) : text.length();
    out.append('"');
    appendEscaped(out, text, end);
    if (cut) {
      out.append(CUT);
    }
    out.append('"');
  }

  /** Appends {@code text} as a JSON string literal, or {@code null} when it is null. */
  public static void appendQuoted(StringBuilder out, String text) {
    if (text == null) {
      out.append("null");
      return;
    }
    out.append('"');
    appendEscaped(out, text, text.length());
    out.append('"');
  }

  /** Appends the first {@code end} characters of {@code text}, escaped for a JSON string. */
  private static void appendEscaped(StringBuilder out, String text, int end) {
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
  }
}
