package com.langfuse.agent.instrumentation.openai;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.openai.core.ClientOptions;
import com.openai.core.ObjectMappers;
import com.openai.core.http.HttpRequestBody;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the JSON text of a request body as the SDK serialized it for the wire, on the exporter
 * thread. The SDK's JSON body (openai-java 4.0.0 to 4.105.0) keeps the bytes of {@code
 * JsonMapper.writeValueAsBytes} once the HTTP client has sent them, so reading them costs no second
 * serialization.
 *
 * <p>The text is used only when it is what {@link Json#serialize} would give for the same body: the
 * client must use the SDK's shared mapper, and surrogates, which Jackson's UTF-8 generator writes
 * as escapes ({@code \\uD83D}) where its text generator writes the chars, are turned back into
 * chars.
 */
final class SentRequestJson {

  private static final String JSON_CONTENT_TYPE = "application/json";

  /**
   * The SDK's shared mapper, or null when {@code ObjectMappers.jsonMapper()} builds a new one per
   * call (openai-java 4.0.0), so no client's mapper can be shown to be the default one.
   */
  private static final JsonMapper SHARED_MAPPER = sharedMapper();

  /** The {@code clientOptions} field of each service class, or null when it has none. */
  private static final ClassValue<Field> CLIENT_OPTIONS =
      new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> type) {
          try {
            Field field = type.getDeclaredField("clientOptions");
            if (field.getType() != ClientOptions.class) {
              return null;
            }
            field.setAccessible(true);
            return field;
          } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
          }
        }
      };

  private SentRequestJson() {}

  /**
   * Returns the JSON text of {@code body}, a request body that {@code service} built, or null when
   * the body is not a repeatable JSON body or the service's client does not use the SDK's shared
   * mapper. The bytes are serialized here if the SDK has not done so yet.
   */
  static String text(Object service, Object body) {
    if (!(body instanceof HttpRequestBody) || !usesSharedMapper(service)) {
      return null;
    }
    HttpRequestBody requestBody = (HttpRequestBody) body;
    // A body that is not repeatable may be a stream that reading here would use up.
    if (!requestBody.repeatable() || !JSON_CONTENT_TYPE.equals(requestBody.contentType())) {
      return null;
    }
    BytesOutput bytes = new BytesOutput();
    requestBody.writeTo(bytes);
    return unescapeSurrogates(bytes.text());
  }

  /**
   * Returns whether the exporter reads the sent bodies of {@code service}'s client: false when the
   * client does not use the SDK's shared mapper, so a body need not be kept for it.
   */
  static boolean readsBodiesOf(Object service) {
    return usesSharedMapper(service);
  }

  /**
   * Returns the size in bytes of {@code body} when it is a repeatable JSON body worth keeping for
   * the exporter, else -1. Reading the size makes the SDK's JSON body serialize its value now
   * instead of when the HTTP client reads the size, which for the blocking client happens on the
   * same thread right after.
   *
   * <p>NOTE: for the async client this moves the serialization from the HTTP client's thread onto
   * the application thread, about 100 µs for a 100 KB prompt. Charging the body at span end
   * instead would avoid it, but needs a hook on each way a call ends.
   */
  static long sizeToKeep(Object body) {
    if (!(body instanceof HttpRequestBody)) {
      return -1;
    }
    HttpRequestBody requestBody = (HttpRequestBody) body;
    try {
      if (!requestBody.repeatable() || !JSON_CONTENT_TYPE.equals(requestBody.contentType())) {
        return -1;
      }
      return requestBody.contentLength();
    } catch (Exception e) {
      // Kotlin code may throw an undeclared IOException, such as a failed serialization. The SDK
      // meets the same failure when it sends the body, and the exporter serializes the fields.
      return -1;
    }
  }

  /**
   * Returns {@code json} with each escape of a surrogate (U+D800 to U+DFFF) replaced by the char
   * itself, as Jackson's text generator writes it. Other escapes are kept. {@code json} must be
   * JSON text, whose backslashes all start escapes inside strings.
   */
  static String unescapeSurrogates(String json) {
    int backslash = json.indexOf('\\');
    if (backslash < 0) {
      return json;
    }
    StringBuilder out = null;
    int copied = 0;
    while (backslash >= 0 && backslash + 1 < json.length()) {
      int next = backslash + 2;
      if (json.charAt(backslash + 1) == 'u' && backslash + 6 <= json.length()) {
        int value = hex4(json, backslash + 2);
        if (value >= Character.MIN_SURROGATE && value <= Character.MAX_SURROGATE) {
          if (out == null) {
            out = new StringBuilder(json.length());
          }
          out.append(json, copied, backslash).append((char) value);
          copied = backslash + 6;
        }
        next = backslash + 6;
      }
      backslash = json.indexOf('\\', next);
    }
    return out == null ? json : out.append(json, copied, json.length()).toString();
  }

  /** Returns the value of the four hex digits at {@code at}, or -1 when they are not hex digits. */
  private static int hex4(String text, int at) {
    int value = 0;
    for (int i = at; i < at + 4; i++) {
      int digit = Character.digit(text.charAt(i), 16);
      if (digit < 0) {
        return -1;
      }
      value = value * 16 + digit;
    }
    return value;
  }

  /**
   * Returns whether this SDK has one shared mapper, without which no sent body is read (false for
   * openai-java 4.0.0).
   */
  static boolean sdkSharesMapper() {
    return SHARED_MAPPER != null;
  }

  private static boolean usesSharedMapper(Object service) {
    if (SHARED_MAPPER == null || service == null) {
      return false;
    }
    Field field = CLIENT_OPTIONS.get(service.getClass());
    if (field == null) {
      return false;
    }
    try {
      Object options = field.get(service);
      return options instanceof ClientOptions
          && ((ClientOptions) options).jsonMapper() == SHARED_MAPPER;
    } catch (IllegalAccessException e) {
      return false;
    }
  }

  private static JsonMapper sharedMapper() {
    JsonMapper mapper = ObjectMappers.jsonMapper();
    return mapper == ObjectMappers.jsonMapper() ? mapper : null;
  }

  /**
   * Collects what a body writes. The SDK's JSON body writes its byte array in one call, which is
   * kept as it is, without a copy.
   */
  private static final class BytesOutput extends OutputStream {
    private byte[] bytes = new byte[0];
    private int length;

    @Override
    public void write(int b) {
      ensureCapacity(1);
      bytes[length++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int count) {
      if (length == 0 && offset == 0 && count == source.length) {
        // Only read, never written to, so the body's own array can be kept.
        bytes = source;
        length = count;
        return;
      }
      ensureCapacity(count);
      System.arraycopy(source, offset, bytes, length, count);
      length += count;
    }

    String text() {
      return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private void ensureCapacity(int more) {
      if (length + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(length + more, bytes.length * 2 + 64));
      }
    }
  }
}
