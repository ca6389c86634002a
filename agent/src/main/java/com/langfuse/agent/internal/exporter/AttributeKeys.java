package com.langfuse.agent.internal.exporter;

import java.util.HashMap;
import java.util.Map;

/**
 * A cache of the JSON that opens an OTLP {@code KeyValue} object for each attribute key: the
 * opening brace, the key member and the opening brace of the value. A key is escaped once per
 * exporter instead of once per span. Instrumentation sets a few dozen distinct keys. The cache
 * keeps at most {@value #MAX_KEYS} keys, and past that a key is encoded on each use, which bounds
 * its memory if keys were ever made from data.
 *
 * <p>Not thread-safe. One consumer thread writes all spans of an exporter.
 */
final class AttributeKeys {

  static final int MAX_KEYS = 1024;

  private final Map<String, byte[]> encoded = new HashMap<>();

  /** Returns the JSON that opens the {@code KeyValue} of {@code key}, up to its value's field. */
  byte[] keyValueStart(String key) {
    byte[] start = encoded.get(key);
    if (start == null) {
      JsonBuffer out = new JsonBuffer(key.length() + 24);
      out.raw('{').key("key").string(key).raw(',').key("value").raw('{');
      start = out.toByteArray();
      if (encoded.size() < MAX_KEYS) {
        encoded.put(key, start);
      }
    }
    return start;
  }
}
