package com.langfuse.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One recorded provider exchange, read from the class path resource folder {@code
 * recordings/<provider>/<case>/}: the request line and body the client sent, and the status,
 * headers and body bytes the provider answered with.
 */
public final class Recording {

  private static final String ROOT = "recordings/";
  private static final Map<String, Recording> CACHE = new ConcurrentHashMap<>();

  private final String caseName;
  private final String method;
  private final String path;
  private final String query;
  private final String requestBody;
  private final int status;
  private final String contentType;
  private final Map<String, String> headers;
  private final byte[] body;
  private final boolean stream;

  private Recording(
      String caseName,
      JsonNode requestMeta,
      String requestBody,
      JsonNode responseMeta,
      byte[] body,
      boolean stream) {
    this.caseName = caseName;
    this.method = requestMeta.path("method").asText("POST");
    this.path = requestMeta.path("path").asText();
    this.query = requestMeta.path("query").asText("");
    this.requestBody = requestBody;
    this.status = responseMeta.path("status").asInt(200);
    this.contentType = responseMeta.path("contentType").asText("application/json");
    Map<String, String> extraHeaders = new LinkedHashMap<>();
    responseMeta
        .path("headers")
        .fields()
        .forEachRemaining(entry -> extraHeaders.put(entry.getKey(), entry.getValue().asText()));
    this.headers = Map.copyOf(extraHeaders);
    this.body = body;
    this.stream = stream;
  }

  /**
   * Loads a case by its name, {@code <provider>/<case>} (for example {@code "openai/chat-basic"}).
   *
   * @throws IllegalArgumentException when no such case is on the class path
   */
  public static Recording load(String caseName) {
    return CACHE.computeIfAbsent(caseName, Recording::read);
  }

  /** The case name, {@code <provider>/<case>}. */
  public String caseName() {
    return caseName;
  }

  /** The recorded request method, for example {@code POST}. */
  public String method() {
    return method;
  }

  /** The recorded request path with the provider's version prefix, such as {@code /v1/...}. */
  public String path() {
    return path;
  }

  /** The recorded raw query string without {@code ?}, or an empty string. */
  public String query() {
    return query;
  }

  /** The request body the client sent when the case was recorded, re-indented JSON. */
  public String requestBody() {
    return requestBody;
  }

  /** The recorded response status. */
  public int status() {
    return status;
  }

  /** The recorded response {@code Content-Type}, exactly as the provider sent it. */
  public String contentType() {
    return contentType;
  }

  /** Response headers other than {@code Content-Type} that the recording kept. */
  public Map<String, String> headers() {
    return headers;
  }

  /** A copy of the response body bytes. */
  public byte[] body() {
    return body.clone();
  }

  /** Whether the response body is a server-sent event stream ({@code response.sse}). */
  public boolean isStream() {
    return stream;
  }

  @Override
  public String toString() {
    return caseName + " (" + method + " " + path + " -> " + status + ")";
  }

  private static Recording read(String caseName) {
    String folder = ROOT + caseName + "/";
    byte[] requestMeta = resource(folder + "request.meta.json");
    if (requestMeta == null) {
      throw new IllegalArgumentException(
          "recording "
              + caseName
              + " not found: expected the class path resource "
              + folder
              + "request.meta.json; use a name such as openai/chat-basic");
    }
    byte[] sse = resource(folder + "response.sse");
    byte[] json = sse == null ? resource(folder + "response.json") : null;
    if (sse == null && json == null) {
      throw new IllegalArgumentException(
          "recording " + caseName + " has neither response.sse nor response.json in " + folder);
    }
    byte[] responseMeta = resource(folder + "response.meta.json");
    if (responseMeta == null) {
      throw new IllegalArgumentException(
          "recording " + caseName + " has no response.meta.json in " + folder);
    }
    byte[] request = resource(folder + "request.json");
    try {
      return new Recording(
          caseName,
          Json.MAPPER.readTree(requestMeta),
          request == null ? "" : new String(request, StandardCharsets.UTF_8),
          Json.MAPPER.readTree(responseMeta),
          sse != null ? sse : json,
          sse != null);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to parse the meta files of recording " + caseName, e);
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = Recording.class.getClassLoader().getResourceAsStream(name)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("failed to read class path resource " + name, e);
    }
  }
}
