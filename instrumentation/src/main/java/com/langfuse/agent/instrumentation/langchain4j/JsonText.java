package com.langfuse.agent.instrumentation.langchain4j;

import com.langfuse.agent.instrumentation.roots.JsonValues;

/**
 * A small JSON writer for the attribute values this package builds. LangChain4j does not bring a
 * JSON library that every application has, so the helpers write JSON text themselves.
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

  /** Writes a member name; the next value written is its value. */
  JsonText name(String name) {
    separate();
    JsonValues.appendQuoted(out, name);
    out.append(':');
    needsComma = false;
    return this;
  }

  JsonText string(String value) {
    separate();
    if (value == null) {
      out.append("null");
    } else {
      JsonValues.appendQuoted(out, value);
    }
    needsComma = true;
    return this;
  }

  /** Writes a number or a boolean, or null. */
  JsonText scalar(Object value) {
    separate();
    out.append(value == null ? "null" : String.valueOf(value));
    needsComma = true;
    return this;
  }

  /** Writes {@code "name": value} when the value is not null. */
  JsonText optionalString(String name, String value) {
    return value == null ? this : name(name).string(value);
  }

  /** Writes {@code "name": value} for a number or boolean that is not null. */
  JsonText optionalScalar(String name, Object value) {
    return value == null ? this : name(name).scalar(value);
  }

  /** Returns whether the text is an object begun with no member written yet. */
  boolean isEmptyObject() {
    return out.length() == 1 && out.charAt(0) == '{';
  }

  @Override
  public String toString() {
    return out.toString();
  }

  private void separate() {
    if (needsComma) {
      out.append(',');
    }
  }
}
