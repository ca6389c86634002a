package com.langfuse.agent.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Builds OTLP JSON export requests and sends them the way the agent's exporter does. */
final class OtlpRequests {

  static final String PUBLIC_KEY = "pk-lf-test";
  static final String SECRET_KEY = "sk-lf-test";
  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String ROOT_SPAN_ID = "00f067aa0ba902b7";
  static final long START_NANOS = 1_796_378_400_000_000_000L;

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private OtlpRequests() {}

  /** Returns a span with valid ids and times, a 300 ms duration and no attributes. */
  static ObjectNode span(String name) {
    ObjectNode span = Json.MAPPER.createObjectNode();
    span.put("traceId", TRACE_ID);
    span.put("spanId", ROOT_SPAN_ID);
    span.put("name", name);
    span.put("kind", 3);
    span.put("startTimeUnixNano", String.valueOf(START_NANOS));
    span.put("endTimeUnixNano", String.valueOf(START_NANOS + 300_000_000L));
    span.putArray("attributes");
    return span;
  }

  /** Adds a string attribute to {@code span} and returns the span. */
  static ObjectNode stringAttribute(ObjectNode span, String key, String value) {
    ObjectNode attribute = ((ArrayNode) span.get("attributes")).addObject();
    attribute.put("key", key);
    attribute.putObject("value").put("stringValue", value);
    return span;
  }

  /** Returns an ExportTraceServiceRequest with one resource, one scope and these spans. */
  static String request(ObjectNode... spans) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ObjectNode resourceSpan = root.putArray("resourceSpans").addObject();
    ObjectNode serviceName = resourceSpan.putObject("resource").putArray("attributes").addObject();
    serviceName.put("key", "service.name");
    serviceName.putObject("value").put("stringValue", "test-service");
    ObjectNode scopeSpan = resourceSpan.putArray("scopeSpans").addObject();
    scopeSpan.putObject("scope").put("name", "langfuse-agent");
    ArrayNode list = scopeSpan.putArray("spans");
    for (ObjectNode span : spans) {
      list.add(span);
    }
    return root.toString();
  }

  /** Returns the headers the agent sends with the test keys: credentials, Langfuse and JSON. */
  static Map<String, String> validHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", basic(PUBLIC_KEY, SECRET_KEY));
    headers.put("Content-Type", "application/json");
    headers.put("x-langfuse-ingestion-version", "4");
    headers.put("x-langfuse-sdk-name", "langfuse-agent");
    headers.put("x-langfuse-sdk-version", "0.1.0-test");
    return headers;
  }

  static String basic(String publicKey, String secretKey) {
    String credentials = publicKey + ":" + secretKey;
    return "Basic "
        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] gzip(String body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(body.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Posts {@code body} to the receiver's traces URL with {@code headers}. */
  static HttpResponse<String> post(OtlpReceiver receiver, byte[] body, Map<String, String> headers)
      throws IOException, InterruptedException {
    return post(receiver, body, headers, Duration.ofSeconds(20));
  }

  static HttpResponse<String> post(
      OtlpReceiver receiver, byte[] body, Map<String, String> headers, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(receiver.tracesUrl()))
            .timeout(timeout)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(OtlpReceiver receiver, String body)
      throws IOException, InterruptedException {
    return post(receiver, body.getBytes(StandardCharsets.UTF_8), validHeaders());
  }
}
