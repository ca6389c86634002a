package com.langfuse.agent.instrumentation.bedrock;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

/**
 * Writes AWS SDK model objects as the JSON that Bedrock's JSON protocol sends: each {@link SdkPojo}
 * field under its wire name ({@link SdkField#locationName()}, such as {@code toolUseId}), unset
 * fields and unset lists left out, {@link Document} values as plain JSON. Reading the fields
 * generically keeps this working across SDK versions that add fields.
 *
 * <p>Binary values ({@link SdkBytes}, such as an image or a document sent inline) are replaced by
 * the string {@code <N bytes>}, so they never reach the span. Meant for the exporter thread, inside
 * deferred attribute suppliers.
 */
final class SdkJson {

  /** The deepest nesting written; deeper values become the string {@code "..."}. */
  static final int MAX_DEPTH = 64;

  private SdkJson() {}

  static String write(Object value) {
    StringBuilder out = new StringBuilder(256);
    append(out, value, 0);
    return out.toString();
  }

  /** Appends {@code value}; returns false, appending nothing, when it is unset. */
  static boolean append(StringBuilder out, Object value, int depth) {
    if (value == null || isUnset(value)) {
      return false;
    }
    if (depth > MAX_DEPTH) {
      JsonText.string(out, "...");
      return true;
    }
    if (value instanceof SdkPojo) {
      appendPojo(out, (SdkPojo) value, depth);
    } else if (value instanceof Document) {
      appendDocument(out, (Document) value, depth);
    } else if (value instanceof String) {
      JsonText.string(out, (String) value);
    } else if (value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Number || value instanceof SdkNumber) {
      JsonText.number(out, numberText(value));
    } else if (value instanceof SdkBytes) {
      JsonText.string(out, "<" + ((SdkBytes) value).asByteBuffer().remaining() + " bytes>");
    } else if (value instanceof Instant) {
      JsonText.string(out, value.toString());
    } else if (value instanceof Collection) {
      appendList(out, (Collection<?>) value, depth);
    } else if (value instanceof Map) {
      appendMap(out, (Map<?, ?>) value, depth);
    } else {
      JsonText.string(out, String.valueOf(value));
    }
    return true;
  }

  private static void appendPojo(StringBuilder out, SdkPojo pojo, int depth) {
    out.append('{');
    for (SdkField<?> field : pojo.sdkFields()) {
      Object value = field.getValueOrDefault(pojo);
      if (value == null || isUnset(value)) {
        continue;
      }
      JsonText.key(out, field.locationName());
      append(out, value, depth + 1);
    }
    out.append('}');
  }

  private static void appendDocument(StringBuilder out, Document document, int depth) {
    if (document.isNull()) {
      out.append("null");
    } else if (document.isString()) {
      JsonText.string(out, document.asString());
    } else if (document.isNumber()) {
      JsonText.number(out, document.asNumber().stringValue());
    } else if (document.isBoolean()) {
      out.append(document.asBoolean());
    } else if (document.isList()) {
      appendList(out, document.asList(), depth);
    } else if (document.isMap()) {
      appendMap(out, document.asMap(), depth);
    } else {
      out.append("null");
    }
  }

  private static void appendList(StringBuilder out, Collection<?> values, int depth) {
    out.append('[');
    boolean first = true;
    for (Object value : values) {
      int mark = out.length();
      if (!first) {
        out.append(',');
      }
      if (value == null) {
        out.append("null");
      } else if (!append(out, value, depth + 1)) {
        out.setLength(mark);
        continue;
      }
      first = false;
    }
    out.append(']');
  }

  private static void appendMap(StringBuilder out, Map<?, ?> values, int depth) {
    out.append('{');
    for (Map.Entry<?, ?> entry : values.entrySet()) {
      int mark = out.length();
      JsonText.key(out, String.valueOf(entry.getKey()));
      if (entry.getValue() == null) {
        out.append("null");
      } else if (!append(out, entry.getValue(), depth + 1)) {
        out.setLength(mark);
      }
    }
    out.append('}');
  }

  private static boolean isUnset(Object value) {
    return value instanceof SdkAutoConstructList || value instanceof SdkAutoConstructMap;
  }

  private static String numberText(Object number) {
    if (number instanceof SdkNumber) {
      return ((SdkNumber) number).stringValue();
    }
    if (number instanceof BigDecimal) {
      return ((BigDecimal) number).toPlainString();
    }
    return number.toString();
  }

  /** Returns the value of the field with wire name {@code name}, or null when unset or absent. */
  static Object field(SdkPojo pojo, String name) {
    if (pojo == null) {
      return null;
    }
    for (SdkField<?> field : pojo.sdkFields()) {
      if (name.equals(field.locationName())) {
        Object value = field.getValueOrDefault(pojo);
        return isUnset(value) ? null : value;
      }
    }
    return null;
  }

  /** Returns the field {@code name} as a long, or null when it is unset or not a number. */
  static Long longField(SdkPojo pojo, String name) {
    Object value = field(pojo, name);
    return value instanceof Number ? Long.valueOf(((Number) value).longValue()) : null;
  }

  /** Returns the list field {@code name}, or an empty list when it is unset. */
  static List<?> listField(SdkPojo pojo, String name) {
    Object value = field(pojo, name);
    return value instanceof List ? (List<?>) value : List.of();
  }
}
