package com.langfuse.agent.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Encodes messages of the AWS event stream format ({@code application/vnd.amazon.eventstream}), in
 * which Bedrock's ConverseStream and InvokeModelWithResponseStream send their events.
 *
 * <p>A message is a 12-byte prelude (total length, headers length, both big-endian 32-bit, and the
 * CRC32 of those 8 bytes), the headers, the payload, and the CRC32 of everything before it. Each
 * header is a 1-byte name length, the name, a 1-byte value type (7 for a string), a 2-byte value
 * length and the value. Only string headers are written, which is all Bedrock's event messages use.
 */
public final class AwsEventStream {

  /** The {@code Content-Type} of an event stream response body. */
  public static final String CONTENT_TYPE = "application/vnd.amazon.eventstream";

  private static final int STRING_HEADER = 7;

  private AwsEventStream() {}

  /**
   * Returns an event message: headers {@code :event-type} {@code eventType}, {@code :content-type}
   * {@code application/json} and {@code :message-type} {@code event}, with the JSON payload {@code
   * json}.
   */
  public static byte[] event(String eventType, String json) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(":event-type", eventType);
    headers.put(":content-type", "application/json");
    headers.put(":message-type", "event");
    return message(headers, json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Returns an exception message, as the service sends an error that occurs after the stream began:
   * headers {@code :exception-type} {@code exceptionType} and {@code :message-type} {@code
   * exception}, with the JSON payload {@code json}.
   */
  public static byte[] exception(String exceptionType, String json) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(":exception-type", exceptionType);
    headers.put(":content-type", "application/json");
    headers.put(":message-type", "exception");
    return message(headers, json.getBytes(StandardCharsets.UTF_8));
  }

  /** Returns one message with string {@code headers}, in order, and {@code payload}. */
  public static byte[] message(Map<String, String> headers, byte[] payload) {
    ByteArrayOutputStream encodedHeaders = new ByteArrayOutputStream();
    for (Map.Entry<String, String> header : headers.entrySet()) {
      byte[] name = header.getKey().getBytes(StandardCharsets.UTF_8);
      byte[] value = header.getValue().getBytes(StandardCharsets.UTF_8);
      encodedHeaders.write(name.length);
      encodedHeaders.writeBytes(name);
      encodedHeaders.write(STRING_HEADER);
      encodedHeaders.write(value.length >>> 8);
      encodedHeaders.write(value.length & 0xFF);
      encodedHeaders.writeBytes(value);
    }
    byte[] headerBytes = encodedHeaders.toByteArray();

    int totalLength = 12 + headerBytes.length + payload.length + 4;
    ByteBuffer message = ByteBuffer.allocate(totalLength);
    message.putInt(totalLength);
    message.putInt(headerBytes.length);
    message.putInt((int) crc32(message.array(), 0, 8));
    message.put(headerBytes);
    message.put(payload);
    message.putInt((int) crc32(message.array(), 0, totalLength - 4));
    return message.array();
  }

  private static long crc32(byte[] bytes, int offset, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, offset, length);
    return crc.getValue();
  }
}
