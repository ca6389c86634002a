package com.langfuse.agent.benchmarks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for Langfuse's OTLP endpoint on 127.0.0.1 that costs the benchmark as little as
 * possible. {@link #accepting()} reads and discards each request body and responds with 200. {@link
 * #hung()} binds a port and never accepts a connection, so a request waits until the exporter's
 * timeout, as with a Langfuse server that hangs.
 *
 * <p>The test doubles in the testing module decode and keep every span, which would make the
 * benchmark measure the receiver and grow its memory without bound.
 */
final class LoopbackSink implements AutoCloseable {

  private final HttpServer server;
  private final ServerSocket hungSocket;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong bodyBytes = new AtomicLong();

  private LoopbackSink(HttpServer server, ServerSocket hungSocket) {
    this.server = server;
    this.hungSocket = hungSocket;
  }

  /** Starts a sink that responds to every request with 200 and an empty JSON object. */
  static LoopbackSink accepting() {
    // Without TCP_NODELAY, the JDK server delays the body of each response until the client
    // acknowledges its headers, which Linux delays by up to 40 ms, so wall times would show that.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
      LoopbackSink sink = new LoopbackSink(server, null);
      server.createContext(
          "/",
          exchange -> {
            long read = 0;
            byte[] buffer = new byte[16384];
            try (InputStream body = exchange.getRequestBody()) {
              for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                read += n;
              }
            }
            sink.requests.incrementAndGet();
            sink.bodyBytes.addAndGet(read);
            byte[] response = "{}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, response.length);
            exchange.getResponseBody().write(response);
            exchange.close();
          });
      // A daemon thread, so that a benchmark JVM exits even when a sink is left open.
      server.setExecutor(
          Executors.newSingleThreadExecutor(
              task -> {
                Thread thread = new Thread(task, "loopback-sink");
                thread.setDaemon(true);
                return thread;
              }));
      server.start();
      return sink;
    } catch (IOException e) {
      throw new UncheckedIOException("binding the loopback sink failed", e);
    }
  }

  /** Starts a sink whose port accepts TCP connections in the kernel and never responds. */
  static LoopbackSink hung() {
    try {
      ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      return new LoopbackSink(null, socket);
    } catch (IOException e) {
      throw new UncheckedIOException("binding the hung loopback sink failed", e);
    }
  }

  /** Returns {@code http://127.0.0.1:<port>}, a LANGFUSE_BASE_URL. */
  String baseUrl() {
    int port = server != null ? server.getAddress().getPort() : hungSocket.getLocalPort();
    return "http://127.0.0.1:" + port;
  }

  long requests() {
    return requests.get();
  }

  long bodyBytes() {
    return bodyBytes.get();
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
    if (hungSocket != null) {
      try {
        hungSocket.close();
      } catch (IOException e) {
        // Closing a listening socket at the end of a benchmark: nothing to recover.
      }
    }
  }
}
