package com.langfuse.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A request that {@link FakeLlmProvider} received, as it arrived. */
public final class RecordedRequest {

  private final String method;
  private final String path;
  private final String query;
  private final Map<String, List<String>> headers;
  private final String body;
  private final JsonNode json;

  RecordedRequest(
      String method, String path, String query, Map<String, List<String>> headers, String body) {
    this.method = method;
    this.path = path;
    this.query = query == null ? "" : query;
    this.headers = Map.copyOf(headers);
    this.body = body;
    this.json = Json.parseOrNull(body);
  }

  /** The request method, such as {@code POST}. */
  public String method() {
    return method;
  }

  /** The request path, such as {@code /v1/chat/completions}. */
  public String path() {
    return path;
  }

  /** The raw query string without {@code ?}, or an empty string. */
  public String query() {
    return query;
  }

  /** All request headers, by lower-case name. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** Returns the first value of a header, by case-insensitive name, or null when absent. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The request body decoded as UTF-8, or an empty string. */
  public String body() {
    return body;
  }

  /** The request body parsed as JSON, or null when the body is empty or not JSON. */
  public JsonNode json() {
    return json;
  }

  @Override
  public String toString() {
    return method + " " + path + (query.isEmpty() ? "" : "?" + query);
  }
}
