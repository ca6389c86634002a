package com.langfuse.agent.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * An OpenAI-, Anthropic- and Vertex AI-compatible server on 127.0.0.1 that replays recorded
 * provider responses (see {@link Recording}) and programmed faults ({@link FakeResponse}).
 *
 * <p>Each request is answered by the first enqueued response that matches its method and path, in
 * enqueue order. With none, a default recording is chosen from the path and the request body: for
 * example a chat completion with {@code "stream": true} gets {@code openai/chat-stream}. A path
 * with no recording gets a 404 JSON error. Every request is recorded before it is answered.
 *
 * <pre>{@code
 * try (FakeLlmProvider provider = new FakeLlmProvider().start()) {
 *   provider.enqueue("openai/chat-error-404");
 *   OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(provider.openAiBaseUrl())...
 * }
 * }</pre>
 */
public final class FakeLlmProvider implements AutoCloseable {

  /** The largest request body that is recorded; the rest is read and discarded. */
  private static final int MAX_RECORDED_BODY_BYTES = 16 * 1024 * 1024;

  private final Object lock = new Object();
  private final List<FakeResponse> pending = new ArrayList<>();
  private final List<RecordedRequest> requests = new ArrayList<>();
  private LoopbackHttpServer server;
  private ResponseWriter writer;

  /** Binds the server to a free port on 127.0.0.1 and starts serving; returns this provider. */
  public FakeLlmProvider start() {
    synchronized (lock) {
      if (server != null) {
        throw new IllegalStateException("FakeLlmProvider was already started at " + baseUrl());
      }
      server = LoopbackHttpServer.start("fake-llm-provider", this::handle);
      writer = new ResponseWriter(server);
      return this;
    }
  }

  /** Returns {@code http://127.0.0.1:<port>}, the base URL of the Anthropic client. */
  public String baseUrl() {
    synchronized (lock) {
      if (server == null) {
        throw new IllegalStateException("FakeLlmProvider is not started: call start() first");
      }
      return server.baseUrl();
    }
  }

  /** Returns {@code http://127.0.0.1:<port>/v1}, the base URL of the OpenAI clients. */
  public String openAiBaseUrl() {
    return baseUrl() + "/v1";
  }

  /**
   * Enqueues the recorded response of a case, such as {@code "openai/chat-basic"}, for the next
   * request to the case's method and path.
   */
  public void enqueue(String caseName) {
    enqueue(FakeResponse.recording(caseName));
  }

  /** Enqueues a response for the next request that matches its route, or for any next request. */
  public void enqueue(FakeResponse response) {
    synchronized (lock) {
      pending.add(response);
    }
  }

  /** Returns a copy of the requests received so far, in arrival order. */
  public List<RecordedRequest> requests() {
    synchronized (lock) {
      return List.copyOf(requests);
    }
  }

  /**
   * Waits until at least {@code count} requests arrived and returns them all.
   *
   * @throws AssertionError when fewer arrived within {@code timeout}, listing those that did
   */
  public List<RecordedRequest> awaitRequests(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (requests.size() < count) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          throw new AssertionError(
              "expected "
                  + count
                  + " requests at FakeLlmProvider within "
                  + timeout
                  + " but received "
                  + requests.size()
                  + ": "
                  + requests);
        }
        waitNanos(remaining);
      }
      return List.copyOf(requests);
    }
  }

  /** Stops the server, ending hanging and delayed responses by closing their connections. */
  @Override
  public void close() {
    LoopbackHttpServer stopped;
    synchronized (lock) {
      stopped = server;
    }
    if (stopped != null) {
      stopped.close();
    }
  }

  /** Answers one request. An IOException from here makes the JDK server close the connection. */
  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = HttpExchanges.readAtMost(exchange.getRequestBody(), MAX_RECORDED_BODY_BYTES);
    HttpExchanges.drain(exchange.getRequestBody());
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    RecordedRequest request =
        new RecordedRequest(
            method,
            path,
            exchange.getRequestURI().getRawQuery(),
            HttpExchanges.lowerCaseHeaders(exchange),
            new String(body, StandardCharsets.UTF_8));

    FakeResponse response = record(request);
    if (response == null) {
      HttpExchanges.sendJson(exchange, 404, noRecordingError(method, path));
      return;
    }
    writer.write(exchange, response);
  }

  /** Records the request and takes the response that answers it. */
  private FakeResponse record(RecordedRequest request) {
    synchronized (lock) {
      requests.add(request);
      lock.notifyAll();
      Iterator<FakeResponse> iterator = pending.iterator();
      while (iterator.hasNext()) {
        FakeResponse response = iterator.next();
        if (response.matches(request.method(), request.path())) {
          iterator.remove();
          return response;
        }
      }
    }
    String caseName = DefaultRecordings.caseFor(request.method(), request.path(), request.json());
    return caseName == null ? null : FakeResponse.recording(caseName);
  }

  private static String noRecordingError(String method, String path) {
    String message =
        "FakeLlmProvider has no recording for "
            + method
            + " "
            + path
            + ": enqueue a FakeResponse for it, or call a provider path such as"
            + " /v1/chat/completions";
    return "{\"error\":" + Json.messageBody(message) + "}";
  }

  private void waitNanos(long nanos) {
    try {
      lock.wait(Math.max(1, nanos / 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for requests at FakeLlmProvider", e);
    }
  }
}
