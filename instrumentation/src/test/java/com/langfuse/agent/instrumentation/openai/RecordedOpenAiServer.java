package com.langfuse.agent.instrumentation.openai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A fake OpenAI API on 127.0.0.1 that answers each request with the next queued reply, and
 * records the path and body of every request it received.
 */
final class RecordedOpenAiServer implements AutoCloseable {

  /** A request as the server received it. */
  static final class Request {
    final String path;
    final String body;

    Request(String path, String body) {
      this.path = path;
      this.body = body;
    }
  }

  private final HttpServer server;
  private final Deque<Queued> replies = new ArrayDeque<>();
  private final List<Request> requests = new ArrayList<>();

  RecordedOpenAiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The base URL to give the SDK: {@code http://127.0.0.1:<port>/v1}. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Queues the recorded reply of {@code caseName}. */
  void enqueue(String caseName) {
    enqueue(Recordings.reply(caseName), Map.of());
  }

  /** Queues a reply built in the test, such as a variant of a recording. */
  synchronized void enqueue(Recordings.Reply reply, Map<String, String> headers) {
    replies.addLast(new Queued(reply, headers));
  }

  synchronized List<Request> requests() {
    return new ArrayList<>(requests);
  }

  synchronized void reset() {
    replies.clear();
    requests.clear();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Queued next;
      synchronized (this) {
        requests.add(new Request(exchange.getRequestURI().getPath(), body));
        next = replies.pollFirst();
      }
      if (next == null) {
        byte[] error =
            "{\"error\":{\"message\":\"the test queued no reply for this request\"}}"
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(418, error.length);
        exchange.getResponseBody().write(error);
        return;
      }
      exchange.getResponseHeaders().add("Content-Type", next.reply.contentType);
      next.headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      // An event stream goes out with chunked encoding, as the provider sends it.
      exchange.sendResponseHeaders(
          next.reply.status, next.reply.isEventStream() ? 0 : next.reply.body.length);
      OutputStream out = exchange.getResponseBody();
      out.write(next.reply.body);
      out.flush();
    }
  }

  private static final class Queued {
    final Recordings.Reply reply;
    final Map<String, String> headers;

    Queued(Recordings.Reply reply, Map<String, String> headers) {
      this.reply = reply;
      this.headers = headers;
    }
  }
}
