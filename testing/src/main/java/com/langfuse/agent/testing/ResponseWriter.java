package com.langfuse.agent.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;

/** Writes a {@link FakeResponse} to an exchange, including its delays and faults. */
final class ResponseWriter {

  /** The longest a hanging response waits for its server to close. */
  private static final Duration MAX_HANG = Duration.ofMinutes(5);

  private final LoopbackHttpServer server;

  ResponseWriter(LoopbackHttpServer server) {
    this.server = server;
  }

  /**
   * Writes {@code response}. Throws an IOException, which makes the JDK server close the
   * connection, when the response closes the connection, hangs, or its server closes meanwhile.
   */
  void write(HttpExchange exchange, FakeResponse response) throws IOException {
    if (response.action() == FakeResponse.Action.CLOSE_CONNECTION) {
      throw HttpExchanges.abortConnection("the response is closeConnection()");
    }
    if (response.action() == FakeResponse.Action.HANG) {
      server.awaitClose(MAX_HANG);
      throw HttpExchanges.abortConnection("the response hung until the server closed");
    }
    if (waitOrClosed(response.headerDelay())) {
      throw HttpExchanges.abortConnection("the server closed during the header delay");
    }

    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    if (response.events() == null) {
      writeBody(exchange, response);
    } else {
      writeEvents(exchange, response);
    }
  }

  private static void writeBody(HttpExchange exchange, FakeResponse response) throws IOException {
    byte[] body = response.body();
    exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private void writeEvents(HttpExchange exchange, FakeResponse response) throws IOException {
    List<byte[]> events = response.events();
    // Length 0 selects chunked transfer encoding, and each flush sends one chunk.
    exchange.sendResponseHeaders(response.status(), 0);
    OutputStream out = exchange.getResponseBody();
    for (int i = 0; i < events.size(); i++) {
      stopIfFaultAt(i, response);
      if (i > 0 && waitOrClosed(response.eventDelay())) {
        throw HttpExchanges.abortConnection("the server closed during an event delay");
      }
      out.write(events.get(i));
      out.flush();
    }
    stopIfFaultAt(events.size(), response);
    out.close();
  }

  private void stopIfFaultAt(int sentEvents, FakeResponse response) throws IOException {
    int cut = response.cutAfterEvents();
    if (cut >= 0 && sentEvents >= Math.min(cut, response.events().size())) {
      throw HttpExchanges.abortConnection("the stream is cut after " + cut + " events");
    }
    int hang = response.hangAfterEvents();
    if (hang >= 0 && sentEvents >= Math.min(hang, response.events().size())) {
      server.awaitClose(MAX_HANG);
      throw HttpExchanges.abortConnection("the stream hung after " + hang + " events");
    }
  }

  /** Waits {@code delay}, and returns true when the server started closing meanwhile. */
  private boolean waitOrClosed(Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      return false;
    }
    return server.awaitClose(delay);
  }
}
