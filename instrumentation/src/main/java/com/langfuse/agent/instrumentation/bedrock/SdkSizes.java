package com.langfuse.agent.instrumentation.bedrock;

import java.util.Collection;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.document.Document;

/**
 * Estimates, in bytes, of the JSON that {@link SdkJson} writes for a model object, computed on the
 * application thread from string lengths without building anything. The export queue charges them
 * until the JSON is built.
 */
final class SdkSizes {

  /** Key, quotes and punctuation of one field or element. */
  static final long FIELD_OVERHEAD = 16;

  /** A binary value, which is written as a short placeholder. */
  static final long BYTES_PLACEHOLDER = 24;

  private SdkSizes() {}

  static long estimate(Object value) {
    return estimate(value, 0);
  }

  private static long estimate(Object value, int depth) {
    if (value == null || depth > SdkJson.MAX_DEPTH) {
      return 4;
    }
    if (value instanceof String) {
      return ((String) value).length() + 2;
    }
    if (value instanceof SdkBytes) {
      return BYTES_PLACEHOLDER;
    }
    if (value instanceof SdkPojo) {
      long bytes = 2;
      SdkPojo pojo = (SdkPojo) value;
      for (SdkField<?> field : pojo.sdkFields()) {
        Object fieldValue = field.getValueOrDefault(pojo);
        if (fieldValue != null) {
          bytes += FIELD_OVERHEAD + estimate(fieldValue, depth + 1);
        }
      }
      return bytes;
    }
    if (value instanceof Document) {
      Document document = (Document) value;
      if (document.isString()) {
        return document.asString().length() + 2;
      }
      if (document.isList()) {
        return estimate(document.asList(), depth + 1);
      }
      if (document.isMap()) {
        return estimate(document.asMap(), depth + 1);
      }
      return 8;
    }
    if (value instanceof Collection) {
      long bytes = 2;
      for (Object element : (Collection<?>) value) {
        bytes += 1 + estimate(element, depth + 1);
      }
      return bytes;
    }
    if (value instanceof Map) {
      long bytes = 2;
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        bytes += FIELD_OVERHEAD + estimate(entry.getValue(), depth + 1);
      }
      return bytes;
    }
    return 8;
  }
}
