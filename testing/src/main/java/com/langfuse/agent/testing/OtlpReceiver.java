package com.langfuse.agent.testing;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A stand-in for Langfuse's OTLP ingestion on 127.0.0.1: it accepts {@code POST
 * /api/public/otel/v1/traces} only when the request passes the checks Langfuse makes, and keeps the
 * decoded spans.
 *
 * <p>Checked, in order: {@code Authorization: Basic base64(publicKey:secretKey)} (else 401); the
 * headers {@code x-langfuse-ingestion-version: 4}, {@code x-langfuse-sdk-name} and {@code
 * x-langfuse-sdk-version}, and {@code Content-Type: application/json} (else 400); a body of at most
 * 4 MiB, before and after gzip decoding (else 413); an OTLP JSON {@code ExportTraceServiceRequest}
 * whose spans have valid ids and times (else 400); and the formats of the {@code
 * langfuse.observation.*} attributes that Langfuse parses (else 400). Failures are answered with
 * {@code {"message": "..."}} and a 400 rejects the whole request. Success is a 200 with {@code
 * {"status":"ok"}}, not an OTLP response.
 *
 * <p>Problems in request bodies are also kept as {@link #violations()}, so a test can assert that
 * there were none.
 */
public final class OtlpReceiver implements AutoCloseable {

  /** The OTLP traces path under the base URL. */
  public static final String TRACES_PATH = OtlpIngestHandler.TRACES_PATH;

  private final String publicKey;
  private final String secretKey;
  private final Object lock = new Object();
  private final List<ReceivedSpan> spans = new ArrayList<>();
  private final List<ReceivedRequest> requests = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private final Deque<ReceiverResponse> cannedResponses = new ArrayDeque<>();
  private volatile Duration readDelay = Duration.ZERO;
  private LoopbackHttpServer server;

  /** The port of the first start, which a start after {@link #stop} binds again; 0 before. */
  private int port;

  /** Creates a receiver that accepts only these keys. */
  public OtlpReceiver(String publicKey, String secretKey) {
    this.publicKey = publicKey;
    this.secretKey = secretKey;
  }

  /**
   * Binds the receiver to a free port on 127.0.0.1 and starts it, or, after {@link #stop}, binds
   * the port it had before, so that an agent configured with its URL reaches it again. Returns
   * this receiver.
   */
  public OtlpReceiver start() {
    synchronized (lock) {
      if (server != null) {
        throw new IllegalStateException("OtlpReceiver was already started at " + baseUrl());
      }
      server =
          LoopbackHttpServer.start(
              "otlp-receiver", new OtlpIngestHandler(this, publicKey, secretKey), port);
      port = server.port();
      return this;
    }
  }

  /**
   * Stops listening, so that connections to the port are refused, as when Langfuse is down. The
   * received spans and requests are kept, and {@link #start} listens on the same port again.
   */
  public void stop() {
    LoopbackHttpServer stopped;
    synchronized (lock) {
      stopped = server;
      server = null;
    }
    if (stopped != null) {
      stopped.close();
    }
  }

  /**
   * Returns {@code http://127.0.0.1:<port>}, the value for {@code LANGFUSE_BASE_URL}; after {@link
   * #stop} it is the URL where a new start will listen.
   */
  public String baseUrl() {
    synchronized (lock) {
      if (port == 0) {
        throw new IllegalStateException("OtlpReceiver is not started: call start() first");
      }
      return "http://127.0.0.1:" + port;
    }
  }

  /** Returns the full URL of the traces endpoint. */
  public String tracesUrl() {
    return baseUrl() + TRACES_PATH;
  }

  /**
   * Queues canned answers for the next requests to the traces path, one request each, in order.
   * They replace the checks, and their requests' spans are not kept.
   */
  public void respondWith(ReceiverResponse... responses) {
    synchronized (lock) {
      cannedResponses.addAll(Arrays.asList(responses));
    }
  }

  /**
   * Makes the receiver wait this long after a request's headers before it reads the body, as a
   * slow or congested server does: a large body then stalls in the middle of being sent. The
   * request is checked and kept as usual afterwards.
   */
  public void delayBodyReads(Duration delay) {
    readDelay = delay;
  }

  Duration readDelay() {
    return readDelay;
  }

  /** Returns a copy of the spans accepted so far, in arrival order. */
  public List<ReceivedSpan> spans() {
    synchronized (lock) {
      return List.copyOf(spans);
    }
  }

  /** Returns a copy of the requests received so far, accepted or not, in arrival order. */
  public List<ReceivedRequest> requests() {
    synchronized (lock) {
      return List.copyOf(requests);
    }
  }

  /** Returns a copy of every format problem found in request bodies so far. */
  public List<String> violations() {
    synchronized (lock) {
      return List.copyOf(violations);
    }
  }

  /**
   * Waits until at least {@code count} spans were accepted and returns them all.
   *
   * @throws AssertionError when fewer arrived within {@code timeout}, listing the requests, the
   *     spans and the violations that did arrive
   */
  public List<ReceivedSpan> awaitSpans(int count, Duration timeout) {
    synchronized (lock) {
      if (!waitUntil(() -> spans.size() >= count, timeout)) {
        throw new AssertionError(
            "expected "
                + count
                + " spans at OtlpReceiver within "
                + timeout
                + " but accepted "
                + spans.size()
                + "\n  requests: "
                + requests
                + "\n  spans: "
                + spans
                + "\n  violations: "
                + violations);
      }
      return List.copyOf(spans);
    }
  }

  /**
   * Waits until at least {@code count} requests arrived, accepted or not, and returns them all.
   *
   * @throws AssertionError when fewer arrived within {@code timeout}
   */
  public List<ReceivedRequest> awaitRequests(int count, Duration timeout) {
    synchronized (lock) {
      if (!waitUntil(() -> requests.size() >= count, timeout)) {
        throw new AssertionError(
            "expected "
                + count
                + " requests at OtlpReceiver within "
                + timeout
                + " but received "
                + requests.size()
                + ": "
                + requests);
      }
      return List.copyOf(requests);
    }
  }

  /** Stops the receiver, ending canned hangs by closing their connections. */
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

  ReceiverResponse takeCannedResponse() {
    synchronized (lock) {
      return cannedResponses.poll();
    }
  }

  void record(ReceivedRequest request, List<ReceivedSpan> accepted) {
    synchronized (lock) {
      requests.add(request);
      spans.addAll(accepted);
      lock.notifyAll();
    }
  }

  void recordViolations(List<String> found) {
    synchronized (lock) {
      violations.addAll(found);
    }
  }

  void awaitClose(Duration timeout) {
    LoopbackHttpServer current;
    synchronized (lock) {
      current = server;
    }
    if (current != null) {
      current.awaitClose(timeout);
    }
  }

  /** Waits on the lock, which the caller holds, until the condition holds or time runs out. */
  private boolean waitUntil(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return false;
      }
      try {
        lock.wait(Math.max(1, remaining / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting at OtlpReceiver", e);
      }
    }
    return true;
  }
}
