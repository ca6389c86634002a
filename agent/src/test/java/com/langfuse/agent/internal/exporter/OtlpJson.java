package com.langfuse.agent.internal.exporter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.langfuse.agent.bootstrap.config.AgentConfig;
import com.langfuse.agent.bootstrap.export.AgentStats;
import com.langfuse.agent.bootstrap.export.ExportRequest;
import com.langfuse.agent.bootstrap.trace.SpanData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Decodes exported request bodies for assertions, and builds test configurations. */
final class OtlpJson {

  static final String PUBLIC_KEY = "pk-lf-test";
  static final String SECRET_KEY = "sk-lf-test";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private OtlpJson() {}

  /** Returns a configuration with the test keys, the base URL and the extra {@code settings}. */
  static AgentConfig config(String baseUrl, String... settings) {
    Map<String, String> values = new HashMap<>();
    values.put("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY);
    values.put("LANGFUSE_SECRET_KEY", SECRET_KEY);
    values.put("LANGFUSE_BASE_URL", baseUrl);
    for (int i = 0; i + 1 < settings.length; i += 2) {
      values.put(settings[i], settings[i + 1]);
    }
    return AgentConfig.fromMap(values);
  }

  /** Encodes one root span named "chat" of trace 4bf92f3577b34da6a3ce929d0e0e4736. */
  static ExportRequest oneSpanRequest() {
    SpanData span =
        SpanData.forTest("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", null, "chat", 10L);
    span.end(20L);
    OtlpHttpExporter encoder = new OtlpHttpExporter(config("http://127.0.0.1:1"));
    return encoder.encode(List.of(span), new AgentStats()).get(0);
  }

  static byte[] gunzip(byte[] body) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("the body is not valid gzip", e);
    }
  }

  /** Decodes bytes as strict UTF-8, failing on any malformed sequence. */
  static String strictUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new AssertionError("the JSON is not valid UTF-8", e);
    }
  }

  static JsonNode parse(byte[] json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("the body is not valid JSON", e);
    }
  }

  /** Gunzips and parses one request body. */
  static JsonNode decode(ExportRequest request) {
    return parse(gunzip(request.body()));
  }

  /** Returns the spans of one decoded request. */
  static List<JsonNode> spans(JsonNode request) {
    List<JsonNode> spans = new ArrayList<>();
    request
        .path("resourceSpans")
        .get(0)
        .path("scopeSpans")
        .get(0)
        .path("spans")
        .forEach(spans::add);
    return spans;
  }

  /** Returns the value object of the attribute {@code key}, or null when absent. */
  static JsonNode attribute(JsonNode owner, String key) {
    for (JsonNode attribute : owner.path("attributes")) {
      if (attribute.path("key").asText().equals(key)) {
        return attribute.path("value");
      }
    }
    return null;
  }
}
