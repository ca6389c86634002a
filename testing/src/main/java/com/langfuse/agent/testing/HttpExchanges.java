package com.langfuse.agent.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Helpers shared by the handlers of the loopback servers. */
final class HttpExchanges {

  /** The most bytes of a request body that are read and thrown away after a limit was hit. */
  private static final long MAX_DRAIN_BYTES = 256L * 1024 * 1024;

  private HttpExchanges() {}

  /**
   * Reads at most {@code limit + 1} bytes of {@code in}, so a result longer than {@code limit}
   * means the input exceeded the limit.
   */
  static byte[] readAtMost(InputStream in, int limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[16 * 1024];
    long remaining = (long) limit + 1;
    while (remaining > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
      if (read < 0) {
        break;
      }
      out.write(buffer, 0, read);
      remaining -= read;
    }
    return out.toByteArray();
  }

  /**
   * Reads and discards the rest of a request body, so the client finishes sending and reads the
   * response instead of failing on a reset connection.
   */
  static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long drained = 0;
    while (drained < MAX_DRAIN_BYTES) {
      int read = in.read(buffer);
      if (read < 0) {
        return;
      }
      drained += read;
    }
  }

  /** Returns the request headers with lower-case names, in name order. */
  static Map<String, List<String>> lowerCaseHeaders(HttpExchange exchange) {
    Map<String, List<String>> headers = new TreeMap<>();
    exchange
        .getRequestHeaders()
        .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
    return headers;
  }

  /** Sends {@code status} with a JSON body and ends the exchange. */
  static void sendJson(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /**
   * Ends the exchange by closing its TCP connection, without a response or in the middle of one.
   * The JDK server closes the connection of a handler that throws an IOException, and nothing
   * written after the last flush reaches the client.
   */
  static IOException abortConnection(String reason) {
    return new IOException("connection closed on purpose: " + reason);
  }
}
