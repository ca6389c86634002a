package com.langfuse.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Checks and decodes one OTLP export request for {@link OtlpReceiver}, in the order Langfuse
 * answers: route, credentials (401), Langfuse headers and content type (400), size (413), gzip and
 * OTLP JSON (400), span ids and times (400), then attribute formats (400).
 */
final class OtlpIngestHandler implements HttpHandler {

  static final String TRACES_PATH = "/api/public/otel/v1/traces";

  /**
   * The largest body accepted, on the wire and after gzip decoding. NOTE: 4 MiB is this stand-in's
   * limit; Langfuse's exact limit may differ slightly.
   */
  static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

  private static final String INGESTION_VERSION = "4";
  private static final Duration MAX_HANG = Duration.ofMinutes(5);
  private static final String OK_BODY = "{\"status\":\"ok\"}";

  private final OtlpReceiver receiver;
  private final String expectedCredentials;

  OtlpIngestHandler(OtlpReceiver receiver, String publicKey, String secretKey) {
    this.receiver = receiver;
    this.expectedCredentials = publicKey + ":" + secretKey;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    Map<String, List<String>> headers = HttpExchanges.lowerCaseHeaders(exchange);
    Duration delay = receiver.readDelay();
    if (!delay.isZero()) {
      receiver.awaitClose(delay);
    }
    byte[] wire = HttpExchanges.readAtMost(exchange.getRequestBody(), MAX_BODY_BYTES);
    HttpExchanges.drain(exchange.getRequestBody());

    ReceiverResponse canned = TRACES_PATH.equals(path) ? receiver.takeCannedResponse() : null;
    if (canned != null) {
      receiver.record(
          new ReceivedRequest(
              method, path, headers, wire.length, -1, canned.status(), canned.toString(), 0),
          List.of());
      answerCanned(exchange, canned);
      return;
    }

    int decodedBytes = -1;
    try {
      checkRoute(method, path);
      checkCredentials(headers);
      checkHeaders(headers);
      byte[] body = decode(headers, wire);
      decodedBytes = body.length;
      List<ReceivedSpan> spans = spans(body);
      receiver.record(
          new ReceivedRequest(
              method, path, headers, wire.length, decodedBytes, 200, "ok", spans.size(), body),
          spans);
      HttpExchanges.sendJson(exchange, 200, OK_BODY);
    } catch (IngestionRejection rejection) {
      receiver.record(
          new ReceivedRequest(
              method,
              path,
              headers,
              wire.length,
              decodedBytes,
              rejection.status(),
              rejection.getMessage(),
              0),
          List.of());
      HttpExchanges.sendJson(
          exchange, rejection.status(), Json.messageBody(rejection.getMessage()));
    }
  }

  private void answerCanned(HttpExchange exchange, ReceiverResponse canned) throws IOException {
    switch (canned.action()) {
      case HANG:
        receiver.awaitClose(MAX_HANG);
        throw HttpExchanges.abortConnection("canned hang until the receiver closed");
      case CLOSE_CONNECTION:
        throw HttpExchanges.abortConnection("canned closed connection");
      default:
        if (canned.retryAfter() != null) {
          exchange.getResponseHeaders().set("Retry-After", canned.retryAfter());
        }
        HttpExchanges.sendJson(exchange, canned.status(), canned.body());
    }
  }

  private static void checkRoute(String method, String path) throws IngestionRejection {
    if (!TRACES_PATH.equals(path)) {
      throw new IngestionRejection(404, "no route " + path + ": OTLP traces go to " + TRACES_PATH);
    }
    if (!"POST".equals(method)) {
      throw new IngestionRejection(
          405, method + " is not allowed on " + TRACES_PATH + ": use POST");
    }
  }

  private void checkCredentials(Map<String, List<String>> headers) throws IngestionRejection {
    String authorization = first(headers, "authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw new IngestionRejection(
          401, "Authorization header missing: send Basic base64(publicKey:secretKey)");
    }
    String credentials;
    try {
      credentials =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).trim()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IngestionRejection(
          401, "Authorization header is not valid base64 Basic credentials");
    }
    if (!expectedCredentials.equals(credentials)) {
      throw new IngestionRejection(
          401, "Invalid credentials: the public and secret key do not match this project");
    }
  }

  private static void checkHeaders(Map<String, List<String>> headers) throws IngestionRejection {
    String version = first(headers, "x-langfuse-ingestion-version");
    if (!INGESTION_VERSION.equals(version)) {
      throw new IngestionRejection(
          400,
          "x-langfuse-ingestion-version is "
              + (version == null ? "missing" : "\"" + version + "\"")
              + ": send "
              + INGESTION_VERSION);
    }
    for (String name : List.of("x-langfuse-sdk-name", "x-langfuse-sdk-version")) {
      String value = first(headers, name);
      if (value == null || value.isBlank()) {
        throw new IngestionRejection(
            400, name + " header missing: send the exporter's name and version");
      }
    }
    String contentType = first(headers, "content-type");
    String mediaType =
        contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!"application/json".equals(mediaType)) {
      throw new IngestionRejection(
          400,
          "Content-Type "
              + (contentType == null ? "missing" : "\"" + contentType + "\" is not supported")
              + ": this receiver decodes OTLP JSON only, send application/json");
    }
  }

  /** Returns the body after gzip decoding, within the size limit. */
  private static byte[] decode(Map<String, List<String>> headers, byte[] wire)
      throws IngestionRejection {
    if (wire.length > MAX_BODY_BYTES) {
      throw tooLarge("the request body");
    }
    String encoding = first(headers, "content-encoding");
    if (encoding == null || encoding.isBlank() || "identity".equalsIgnoreCase(encoding.trim())) {
      return wire;
    }
    if (!"gzip".equalsIgnoreCase(encoding.trim())) {
      throw new IngestionRejection(
          400, "Content-Encoding \"" + encoding + "\" is not supported: send gzip or no encoding");
    }
    byte[] decoded;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(wire))) {
      decoded = HttpExchanges.readAtMost(in, MAX_BODY_BYTES);
    } catch (IOException e) {
      throw new IngestionRejection(
          400, "the body is not valid gzip although Content-Encoding is gzip: " + e.getMessage());
    }
    if (decoded.length > MAX_BODY_BYTES) {
      throw tooLarge("the gzip-decoded request body");
    }
    return decoded;
  }

  /** Decodes and checks the spans, and records every problem as a violation. */
  private List<ReceivedSpan> spans(byte[] body) throws IngestionRejection {
    JsonNode root = Json.parseOrNull(new String(body, StandardCharsets.UTF_8));
    List<ReceivedSpan> spans;
    try {
      spans = OtlpJsonDecoder.decode(root);
    } catch (IngestionRejection rejection) {
      receiver.recordViolations(List.of(rejection.getMessage()));
      throw rejection;
    }
    List<String> violations = new ArrayList<>();
    for (ReceivedSpan span : spans) {
      violations.addAll(AttributeChecks.check(span));
    }
    if (!violations.isEmpty()) {
      receiver.recordViolations(violations);
      throw new IngestionRejection(
          400,
          violations.get(0)
              + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : ""));
    }
    return spans;
  }

  private static IngestionRejection tooLarge(String what) {
    return new IngestionRejection(
        413, what + " exceeds " + MAX_BODY_BYTES + " bytes: send smaller batches");
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
