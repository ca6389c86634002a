package com.langfuse.agent.instrumentation.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.openai.core.JsonField;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes chosen fields of SDK models as one JSON object or array through a generator of the SDK's
 * mapper, so each field is the same text as when the mapper serializes the whole model. Serializing
 * a whole model reads every one of its properties by reflection, and a chat request body has 36
 * in openai-java 4.105.0, most of them unset. Only the fields the caller names are written.
 *
 * <p>A field with a string, boolean, long or double value is written with the generator's own
 * method, which is what the mapper's serializer for that type calls. Any other value is written
 * through the mapper.
 */
final class FieldsJson {

  private final TextWriter text = new TextWriter();
  private final JsonGenerator generator;

  private final boolean array;

  /**
   * For each top-level member written: key start and end (inside the quotes), value start and end,
   * so that {@link #finishMembers()} need not scan the text again.
   */
  private int[] bounds;

  private int count;
  private int depth;
  private boolean boundsValid;

  /** Starts writing one JSON object whose members {@link #finishMembers()} returns. */
  FieldsJson() {
    this(false, true);
  }

  /**
   * Starts writing a JSON array when {@code array} is true, else one JSON object, whose text
   * {@link #finish()} returns. Where members are is not recorded, which saves a flush per field.
   */
  FieldsJson(boolean array) {
    this(array, false);
  }

  private FieldsJson(boolean array, boolean recordBounds) {
    this.array = array;
    this.boundsValid = recordBounds;
    this.bounds = recordBounds ? new int[16 * 4] : null;
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
      int keyEnd = recordsBounds() ? flushedLength() - 1 : 0;
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
      if (recordsBounds()) {
        recordBounds(name, keyEnd, flushedLength());
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
      depth++;
    } catch (IOException e) {
      throw new UncheckedIOException("starting a JSON object failed", e);
    }
    return this;
  }

  /** Starts member {@code name} as an object; {@link #endObject()} ends it. */
  FieldsJson startObject(String name) {
    try {
      generator.writeObjectFieldStart(name);
      // Only field() records where a member is, so finishMembers() scans an object with this one.
      boundsValid = false;
      depth++;
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON field " + name + " failed", e);
    }
    return this;
  }

  FieldsJson endObject() {
    try {
      generator.writeEndObject();
      depth--;
    } catch (IOException e) {
      throw new UncheckedIOException("ending a JSON object failed", e);
    }
    return this;
  }

  /**
   * Ends the object and returns its top-level members. The members written by {@link #field} are
   * located from where the generator put them, and the text is scanned only when a member is not
   * where compact JSON puts it.
   */
  RawJson.Members finishMembers() {
    String json = finish();
    return boundsValid ? new RawJson.Members(json, bounds, count) : RawJson.parse(json).members();
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

  private boolean recordsBounds() {
    return boundsValid && !array && depth == 0;
  }

  private int flushedLength() throws IOException {
    generator.flush();
    return text.length();
  }

  /**
   * Records the member that ends at {@code valueEnd}, whose key's closing quote is at {@code
   * keyEnd}, after checking that the text is {@code "name":value} with nothing in between. Any
   * other layout, such as a pretty printer's spaces, turns recording off.
   */
  private void recordBounds(String name, int keyEnd, int valueEnd) {
    int keyStart = keyEnd - name.length();
    int valueStart = keyEnd + 2;
    boolean compact =
        keyStart > 0
            && valueStart < valueEnd
            && text.charAt(keyStart - 1) == '"'
            && text.contains(name, keyStart)
            && text.charAt(keyEnd) == '"'
            && text.charAt(keyEnd + 1) == ':'
            && !Character.isWhitespace(text.charAt(valueStart));
    if (!compact) {
      boundsValid = false;
      return;
    }
    bounds = RawJson.Members.withBounds(bounds, count, keyStart, keyEnd, valueStart, valueEnd);
    count++;
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

    int length() {
      return text.length();
    }

    char charAt(int index) {
      return text.charAt(index);
    }

    /** Returns whether the text contains {@code part} starting at {@code start}. */
    boolean contains(String part, int start) {
      for (int i = 0; i < part.length(); i++) {
        if (text.charAt(start + i) != part.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }
}
