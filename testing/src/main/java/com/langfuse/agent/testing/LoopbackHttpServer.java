package com.langfuse.agent.testing;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JDK {@link HttpServer} bound to 127.0.0.1 on a free port, with daemon handler threads and a
 * bounded stop. Handlers that wait (delays, hangs) wait on {@link #awaitClose}, so closing the
 * server wakes them at once.
 */
final class LoopbackHttpServer implements AutoCloseable {

  private static final long HANDLER_STOP_SECONDS = 5;

  private final HttpServer server;
  private final ExecutorService executor;
  private final CountDownLatch closing = new CountDownLatch(1);

  private LoopbackHttpServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts a server that passes every request to {@code handler} on a thread named after it. */
  static LoopbackHttpServer start(String threadName, HttpHandler handler) {
    return start(threadName, handler, 0);
  }

  /** Starts a server on {@code port} of 127.0.0.1, or on a free port when it is 0. */
  static LoopbackHttpServer start(String threadName, HttpHandler handler, int port) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to bind " + threadName + " to 127.0.0.1", e);
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, threadName + "-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    server.createContext("/", handler);
    server.setExecutor(executor);
    server.start();
    return new LoopbackHttpServer(server, executor);
  }

  /** Returns {@code http://127.0.0.1:<port>}. */
  String baseUrl() {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /**
   * Blocks for at most {@code timeout}, or until {@link #close()} is called.
   *
   * @return true when the server is closing
   */
  boolean awaitClose(Duration timeout) {
    try {
      return closing.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /**
   * Wakes waiting handlers, closes every connection and waits up to five seconds for the handler
   * threads to end.
   */
  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(HANDLER_STOP_SECONDS, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
