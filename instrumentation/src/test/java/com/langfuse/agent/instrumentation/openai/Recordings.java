package com.langfuse.agent.instrumentation.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.ObjectMappers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the recorded OpenAI exchanges under {@code recordings/openai/} on the test classpath. */
final class Recordings {

  private Recordings() {}

  /** One recorded reply: status, content type and the body bytes as served. */
  static final class Reply {
    final int status;
    final String contentType;
    final byte[] body;

    Reply(int status, String contentType, byte[] body) {
      this.status = status;
      this.contentType = contentType;
      this.body = body;
    }

    boolean isEventStream() {
      return contentType.startsWith("text/event-stream");
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  static Reply reply(String caseName) {
    JsonNode meta = json(read(caseName, "response.meta.json"));
    String contentType = meta.get("contentType").asText();
    boolean stream = contentType.startsWith("text/event-stream");
    byte[] body = read(caseName, stream ? "response.sse" : "response.json");
    return new Reply(meta.get("status").asInt(), contentType, body);
  }

  /** Returns the request body the recording client sent. */
  static byte[] request(String caseName) {
    return read(caseName, "request.json");
  }

  /** Returns the {@code data:} payloads of a recorded event stream, without the final [DONE]. */
  static List<String> eventData(String caseName) {
    List<String> payloads = new ArrayList<>();
    for (String line : reply(caseName).bodyText().split("\n")) {
      if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
        payloads.add(line.substring("data: ".length()));
      }
    }
    return payloads;
  }

  /** Parses a recorded body into the SDK type the SDK itself would produce, without any advice. */
  static <T> T parse(String json, Class<T> type) {
    try {
      return ObjectMappers.jsonMapper().readValue(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException("parsing a recording as " + type.getName() + " failed", e);
    }
  }

  static JsonNode json(byte[] bytes) {
    try {
      return ObjectMappers.jsonMapper().readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("a recording is not valid JSON", e);
    }
  }

  static JsonNode json(String text) {
    return json(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] read(String caseName, String file) {
    String path = "/recordings/openai/" + caseName + "/" + file;
    try (InputStream in = Recordings.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("recording " + path + " is not on the test classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading recording " + path + " failed", e);
    }
  }
}
