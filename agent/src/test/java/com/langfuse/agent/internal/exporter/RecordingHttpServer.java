package com.langfuse.agent.internal.exporter;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP server that records every request and responds to each with the status, headers
 * and body set by {@link #respond}.
 */
final class RecordingHttpServer implements AutoCloseable {

  /** One received request. */
  record Received(String method, String path, Headers headers, byte[] body) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile Map<String, String> headers = Map.of();
  private volatile String body = "{}";

  RecordingHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Sets the response to every following request. An empty {@code body} sends no body. */
  void respond(int status, Map<String, String> headers, String body) {
    this.status = status;
    this.headers = headers;
    this.body = body;
  }

  List<Received> received() {
    return received;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] requestBody;
    try (InputStream in = exchange.getRequestBody()) {
      requestBody = in.readAllBytes();
    }
    received.add(
        new Received(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders(),
            requestBody));

    headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    byte[] answer = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer);
    }
  }
}
