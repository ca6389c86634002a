package com.langfuse.agent.testing;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One request that {@link OtlpReceiver} received, and how it answered. */
public final class ReceivedRequest {

  private final String method;
  private final String path;
  private final Map<String, List<String>> headers;
  private final int bodyBytes;
  private final int decodedBodyBytes;
  private final byte[] decodedBody;
  private final int status;
  private final String message;
  private final int spanCount;
  private final long receivedNanos = System.nanoTime();

  ReceivedRequest(
      String method,
      String path,
      Map<String, List<String>> headers,
      int bodyBytes,
      int decodedBodyBytes,
      int status,
      String message,
      int spanCount) {
    this(method, path, headers, bodyBytes, decodedBodyBytes, status, message, spanCount, null);
  }

  ReceivedRequest(
      String method,
      String path,
      Map<String, List<String>> headers,
      int bodyBytes,
      int decodedBodyBytes,
      int status,
      String message,
      int spanCount,
      byte[] decodedBody) {
    this.decodedBody = decodedBody;
    this.method = method;
    this.path = path;
    this.headers = Map.copyOf(headers);
    this.bodyBytes = bodyBytes;
    this.decodedBodyBytes = decodedBodyBytes;
    this.status = status;
    this.message = message;
    this.spanCount = spanCount;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  /** All request headers, by lower-case name. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** Returns the first value of a header, by case-insensitive name, or null when absent. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The body size on the wire; at most one byte over the size limit is counted. */
  public int bodyBytes() {
    return bodyBytes;
  }

  /** The body size after gzip decoding, or -1 when the body was not decoded. */
  public int decodedBodyBytes() {
    return decodedBodyBytes;
  }

  /** The status sent back, or 0 when the connection was closed or left without a response. */
  /**
   * Returns a copy of the body after gzip decoding, as the exporter sent it, or null when the
   * request was rejected before decoding or given a canned response.
   */
  public byte[] decodedBody() {
    return decodedBody == null ? null : decodedBody.clone();
  }

  public int status() {
    return status;
  }

  /** Why the request was rejected, what canned response it got, or {@code ok}. */
  public String message() {
    return message;
  }

  /** The number of spans accepted from this request. */
  /** The {@link System#nanoTime()} of the receiving JVM when the request's body was read. */
  public long receivedNanos() {
    return receivedNanos;
  }

  public int spanCount() {
    return spanCount;
  }

  @Override
  public String toString() {
    return method
        + " "
        + path
        + " ("
        + bodyBytes
        + " bytes) -> "
        + (status == 0 ? "no response" : String.valueOf(status))
        + ": "
        + message;
  }
}
