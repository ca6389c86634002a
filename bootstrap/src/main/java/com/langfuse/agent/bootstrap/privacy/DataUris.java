package com.langfuse.agent.bootstrap.privacy;

/**
 * Replaces base64 data URIs ({@code data:image/png;base64,iVBOR...}) in text with a short
 * placeholder that gives the media type and the decoded size. Images and audio sent inline to a
 * model are megabytes of base64 that Langfuse would show as text, and they may be personal data.
 */
final class DataUris {

  private static final String SCHEME = "data:";
  private static final String BASE64_MARKER = ";base64";

  /** The maximum length of a recognised media type with its parameters, in characters. */
  private static final int MAX_HEADER_CHARS = 200;

  /** The media type RFC 2397 assumes when a data URI names none. */
  private static final String DEFAULT_MEDIA_TYPE = "text/plain";

  private DataUris() {}

  /** Returns {@code text} with each base64 data URI replaced, or {@code text} when it has none. */
  static String replace(String text) {
    int start = text.indexOf(SCHEME);
    if (start < 0) {
      return text;
    }
    StringBuilder out = null;
    int copied = 0;
    while (start >= 0) {
      int comma = headerEnd(text, start + SCHEME.length());
      int payloadEnd = comma < 0 ? -1 : payloadEnd(text, comma + 1);
      if (payloadEnd <= comma + 1) {
        start = text.indexOf(SCHEME, start + SCHEME.length());
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length() / 4 + 64);
      }
      String header = text.substring(start + SCHEME.length(), comma);
      out.append(text, copied, start);
      out.append(placeholder(header, text, comma + 1, payloadEnd));
      copied = payloadEnd;
      start = text.indexOf(SCHEME, payloadEnd);
    }
    if (out == null) {
      return text;
    }
    out.append(text, copied, text.length());
    return out.toString();
  }

  /**
   * Returns the index of the comma that ends a header ending in {@code ;base64}, or -1 when the
   * text at {@code from} is not such a header.
   */
  private static int headerEnd(String text, int from) {
    int limit = Math.min(text.length(), from + MAX_HEADER_CHARS);
    for (int i = from; i < limit; i++) {
      char c = text.charAt(i);
      if (c == ',') {
        boolean base64 =
            i - from >= BASE64_MARKER.length()
                && text.regionMatches(
                    true, i - BASE64_MARKER.length(), BASE64_MARKER, 0, BASE64_MARKER.length());
        return base64 ? i : -1;
      }
      if (!isHeaderChar(c)) {
        return -1;
      }
    }
    return -1;
  }

  /** Returns the index after the last base64 character from {@code from}. */
  private static int payloadEnd(String text, int from) {
    int i = from;
    while (i < text.length() && isBase64Char(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static String placeholder(String header, String text, int payloadStart, int payloadEnd) {
    int semicolon = header.indexOf(';');
    String mediaType = semicolon >= 0 ? header.substring(0, semicolon) : header;
    if (mediaType.isEmpty()) {
      mediaType = DEFAULT_MEDIA_TYPE;
    }
    int padding = 0;
    for (int i = payloadEnd - 1; i >= payloadStart && text.charAt(i) == '='; i--) {
      padding++;
    }
    long decodedBytes = Math.max(0, (long) (payloadEnd - payloadStart) * 3 / 4 - padding);
    return "[base64 " + mediaType + ", " + decodedBytes + " bytes, removed by langfuse-agent]";
  }

  /** Returns whether {@code c} may occur in a media type with parameters: RFC 2045 token characters. */
  private static boolean isHeaderChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "/;=+-._!#$&^*%'~".indexOf(c) >= 0;
  }

  /** Returns whether {@code c} is in the standard or the URL-safe base64 alphabet, or is padding. */
  private static boolean isBase64Char(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '+'
        || c == '/'
        || c == '-'
        || c == '_'
        || c == '=';
  }
}
