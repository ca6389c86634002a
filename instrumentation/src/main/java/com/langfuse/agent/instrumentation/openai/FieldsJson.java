package com.langfuse.agent.instrumentation.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.openai.core.JsonField;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes chosen fields of SDK models as one JSON object or array through a generator of the SDK's
 * mapper, so each field is the same text as when the mapper serializes the whole model. Serializing
 * a whole model reads every one of its properties by reflection, and a chat request body has about
 * forty, most of them unset. Only the fields the caller names are written.
 *
 * <p>A field with a string, boolean, long or double value is written with the generator's own
 * method, which is what the mapper's serializer for that type calls. Any other value is written
 * through the mapper.
 */
final class FieldsJson {

  private final TextWriter text = new TextWriter();
  private final JsonGenerator generator;

  private final boolean array;

  /** Starts writing one JSON object. */
  FieldsJson() {
    this(false);
  }

  /** Starts writing a JSON array when {@code array} is true, else one JSON object. */
  FieldsJson(boolean array) {
    this.array = array;
    try {
      generator = Json.mapper().createGenerator(text);
      if (array) {
        generator.writeStartArray();
      } else {
        generator.writeStartObject();
      }
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

  /** Writes {@code value} as member {@code name}, a JSON string. */
  FieldsJson string(String name, String value) {
    try {
      generator.writeStringField(name, value);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON field " + name + " failed", e);
    }
    return this;
  }

  /** Writes member {@code name} as JSON null. */
  FieldsJson nullField(String name) {
    try {
      generator.writeNullField(name);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON field " + name + " failed", e);
    }
    return this;
  }

  /** Starts an object as the next element of the array; {@link #endObject()} ends it. */
  FieldsJson startObject() {
    try {
      generator.writeStartObject();
    } catch (IOException e) {
      throw new UncheckedIOException("starting a JSON object failed", e);
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

  /** Ends the object or array and returns its text. */
  String finish() {
    try {
      if (array) {
        generator.writeEndArray();
      } else {
        generator.writeEndObject();
      }
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
