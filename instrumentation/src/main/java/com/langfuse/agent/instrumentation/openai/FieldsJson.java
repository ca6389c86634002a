package com.langfuse.agent.instrumentation.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.openai.core.JsonField;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes chosen fields of SDK models as one JSON object through a generator of the SDK's mapper, so
 * each field is the same text as when the mapper serializes the whole model. Serializing a whole
 * model reads every one of its properties by reflection; a chat request body has about forty, and
 * most are unset. The fields are named by the caller, so a field the caller does not name is left
 * out.
 *
 * <p>A field with a string, boolean, long or double value is written with the generator's own
 * method, which is what the mapper's serializer for that type calls. Any other value is written
 * through the mapper.
 */
final class FieldsJson {

  private final TextWriter text = new TextWriter();
  private final JsonGenerator generator;

  FieldsJson() {
    try {
      generator = Json.mapper().createGenerator(text);
      generator.writeStartObject();
    } catch (IOException e) {
      throw new UncheckedIOException("starting a JSON generator failed", e);
    }
  }

  /** Writes {@code value} as member {@code name}, or nothing when the field is missing. */
  FieldsJson field(String name, JsonField<?> value) {
    if (value.isMissing()) {
      return this;
    }
    Object known = value.asKnown().orElse(null);
    try {
      generator.writeFieldName(name);
      if (known instanceof String) {
        generator.writeString((String) known);
      } else if (known instanceof Boolean) {
        generator.writeBoolean((Boolean) known);
      } else if (known instanceof Long) {
        generator.writeNumber((Long) known);
      } else if (known instanceof Double) {
        generator.writeNumber((Double) known);
      } else {
        generator.writeObject(value);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON field " + name + " failed", e);
    }
    return this;
  }

  /** Starts member {@code name} as an object; {@link #endObject()} ends it. */
  FieldsJson startObject(String name) {
    try {
      generator.writeObjectFieldStart(name);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON field " + name + " failed", e);
    }
    return this;
  }

  FieldsJson endObject() {
    try {
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("ending a JSON object failed", e);
    }
    return this;
  }

  /** Ends the object and returns its text. */
  String finish() {
    try {
      generator.writeEndObject();
      generator.close();
    } catch (IOException e) {
      throw new UncheckedIOException("ending a JSON object failed", e);
    }
    return text.toString();
  }

  /** A writer into a StringBuilder, without the locking of StringWriter's StringBuffer. */
  private static final class TextWriter extends Writer {
    private final StringBuilder text = new StringBuilder(256);

    @Override
    public void write(char[] chars, int offset, int length) {
      text.append(chars, offset, length);
    }

    @Override
    public void write(String string, int offset, int length) {
      text.append(string, offset, offset + length);
    }

    @Override
    public void write(int c) {
      text.append((char) c);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    @Override
    public String toString() {
      return text.toString();
    }
  }
}
