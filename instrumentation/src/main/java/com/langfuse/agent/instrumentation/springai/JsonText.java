package com.langfuse.agent.instrumentation.springai;

import com.langfuse.agent.instrumentation.roots.JsonValues;

/**
 * A minimal JSON writer for the chat model helpers, which must link against Spring AI 1.x and 2.x
 * applications whatever Jackson major version they carry.
 */
final class JsonText {

  private final StringBuilder out = new StringBuilder(256);
  private boolean needsComma;

  JsonText beginObject() {
    separate();
    out.append('{');
    needsComma = false;
    return this;
  }

  JsonText endObject() {
    out.append('}');
    needsComma = true;
    return this;
  }

  JsonText beginArray() {
    separate();
    out.append('[');
    needsComma = false;
    return this;
  }

  JsonText endArray() {
    out.append(']');
    needsComma = true;
    return this;
  }

  /** Writes a key; the next value written is its value. */
  JsonText name(String key) {
    separate();
    string(key);
    out.append(':');
    needsComma = false;
    return this;
  }

  JsonText value(String value) {
    separate();
    if (value == null) {
      out.append("null");
    } else {
      string(value);
    }
    needsComma = true;
    return this;
  }

  JsonText value(Number value) {
    separate();
    out.append(value == null ? "null" : value.toString());
    needsComma = true;
    return this;
  }

  /** Writes {@code "key": value} unless {@code value} is null. */
  JsonText field(String key, Object value) {
    if (value == null) {
      return this;
    }
    name(key);
    if (value instanceof Number) {
      return value((Number) value);
    }
    if (value instanceof Boolean) {
      separate();
      out.append(value);
      needsComma = true;
      return this;
    }
    return value(value.toString());
  }

  boolean isEmptyObject() {
    return out.length() == 2 && out.charAt(0) == '{';
  }

  @Override
  public String toString() {
    return out.toString();
  }

  private void separate() {
    if (needsComma) {
      out.append(',');
      needsComma = false;
    }
  }

  private void string(String value) {
    JsonValues.appendQuoted(out, value);
  }
}
