package com.langfuse.agent.bootstrap.trace;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses and formats the W3C Baggage header: {@code key=value} list members separated by commas,
 * values percent-encoded in UTF-8, each member optionally followed by {@code ;properties}.
 *
 * <p>Properties are dropped on parse. Both directions keep to the limits the W3C Baggage
 * specification sets for propagation: at most 64 list members and 8192 bytes.
 */
public final class W3cBaggage {

  static final int MAX_MEMBERS = 64;
  static final int MAX_BYTES = 8192;

  private W3cBaggage() {}

  /** Returns the entries of {@code header} in order; invalid members are skipped. */
  public static Map<String, String> parse(String header) {
    Map<String, String> entries = new LinkedHashMap<>();
    if (header == null || header.length() > MAX_BYTES) {
      return entries;
    }
    for (String member : header.split(",")) {
      if (entries.size() >= MAX_MEMBERS) {
        break;
      }
      int semicolon = member.indexOf(';');
      String pair = semicolon >= 0 ? member.substring(0, semicolon) : member;
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        continue;
      }
      String key = pair.substring(0, equals).trim();
      String value = decode(pair.substring(equals + 1).trim());
      if (isToken(key) && value != null) {
        entries.put(key, value);
      }
    }
    return entries;
  }

  /**
   * Formats {@code entries} as a header value, or returns null when there is none. Entries with an
   * invalid key, and entries past the member or byte limit, are left out.
   */
  public static String format(Map<String, String> entries) {
    StringBuilder header = new StringBuilder();
    int members = 0;
    for (Map.Entry<String, String> entry : entries.entrySet()) {
      if (!isToken(entry.getKey()) || entry.getValue() == null) {
        continue;
      }
      String member = entry.getKey() + "=" + encode(entry.getValue());
      int length = header.length() + (members > 0 ? 1 : 0) + member.length();
      if (members >= MAX_MEMBERS || length > MAX_BYTES) {
        break;
      }
      if (members > 0) {
        header.append(',');
      }
      header.append(member);
      members++;
    }
    return members == 0 ? null : header.toString();
  }

  /**
   * Whether {@code key} is an RFC 7230 token, the form the W3C Baggage key and an HTTP header
   * name take.
   */
  public static boolean isToken(String key) {
    if (key == null || key.isEmpty()) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean alphaNumeric =
          (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (!alphaNumeric && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Percent-encodes every byte outside the baggage-octet range, and the percent sign. */
  private static String encode(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean plain = c > 0x20 && c < 0x7f && c != '"' && c != ',' && c != ';' && c != '\\';
      if (plain && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** Decodes percent escapes as UTF-8; returns null for a malformed escape. */
  private static String decode(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
    for (int i = 0; i < value.length(); i++) {
      int c = value.codePointAt(i);
      if (c != '%') {
        byte[] encoded = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
        i += Character.charCount(c) - 1;
        continue;
      }
      if (i + 2 >= value.length()) {
        return null;
      }
      int high = Character.digit(value.charAt(i + 1), 16);
      int low = Character.digit(value.charAt(i + 2), 16);
      if (high < 0 || low < 0) {
        return null;
      }
      bytes.write(high << 4 | low);
      i += 2;
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
