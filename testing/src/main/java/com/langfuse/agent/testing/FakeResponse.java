package com.langfuse.agent.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One programmed answer of {@link FakeLlmProvider}: a status, headers and a body, or a server-sent
 * event stream, optionally with delays, a stream cut off in the middle, a hang, or a closed
 * connection.
 *
 * <p>Instances are immutable: every {@code with...} method returns a changed copy. A response made
 * with {@link #forRoute} answers only requests to that method and path; any other response answers
 * the next request to any path.
 */
public final class FakeResponse {

  /** What the server does with the connection. */
  enum Action {
    RESPOND,
    CLOSE_CONNECTION,
    HANG
  }

  private Action action = Action.RESPOND;
  private String routeMethod;
  private String routePath;
  private String description;
  private int status = 200;
  private String contentType = "application/json";
  private Map<String, String> headers = Map.of();
  private byte[] body = new byte[0];
  private List<byte[]> events;
  private Duration headerDelay = Duration.ZERO;
  private Duration eventDelay = Duration.ZERO;
  private int cutAfterEvents = -1;
  private int hangAfterEvents = -1;

  private FakeResponse() {}

  /**
   * Returns the recorded response of a case, such as {@code "openai/chat-basic"}, routed to the
   * case's method and path. A {@code response.sse} body is split into events at each blank line,
   * and the events joined are the file's bytes unchanged.
   */
  public static FakeResponse recording(String caseName) {
    Recording recording = Recording.load(caseName);
    FakeResponse response = new FakeResponse();
    response.description = "recording " + caseName;
    response.routeMethod = recording.method();
    response.routePath = recording.path();
    response.status = recording.status();
    response.contentType = recording.contentType();
    response.headers = recording.headers();
    if (recording.isStream()) {
      response.events = splitEvents(recording.body());
    } else {
      response.body = recording.body();
    }
    return response;
  }

  /** Returns a response with {@code status} and a JSON body. */
  public static FakeResponse json(int status, String body) {
    FakeResponse response = new FakeResponse();
    response.description = "JSON " + status;
    response.status = status;
    response.body = body.getBytes(StandardCharsets.UTF_8);
    return response;
  }

  /**
   * Returns a response with {@code status} and a JSON body given as raw bytes, which may be
   * invalid UTF-8 on purpose.
   */
  public static FakeResponse json(int status, byte[] body) {
    FakeResponse response = new FakeResponse();
    response.description = "JSON " + status + " (" + body.length + " raw bytes)";
    response.status = status;
    response.body = body.clone();
    return response;
  }

  /**
   * Returns a 200 {@code text/event-stream} response whose events are written in order, each
   * followed by a flush.
   *
   * @param events the raw text of each event, each ending with a blank line, for example {@code
   *     "data: {...}\n\n"}
   * @throws IllegalArgumentException when an event does not end with {@code "\n\n"}
   */
  public static FakeResponse sse(String... events) {
    List<byte[]> bytes = new ArrayList<>();
    for (String event : events) {
      if (!event.endsWith("\n\n")) {
        throw new IllegalArgumentException(
            "server-sent event " + event + " does not end with a blank line: append \"\\n\\n\"");
      }
      bytes.add(event.getBytes(StandardCharsets.UTF_8));
    }
    FakeResponse response = new FakeResponse();
    response.description = "stream of " + events.length + " events";
    response.contentType = "text/event-stream; charset=utf-8";
    response.events = List.copyOf(bytes);
    return response;
  }

  /**
   * Returns a 200 AWS event stream response ({@code application/vnd.amazon.eventstream}) whose
   * binary messages, built with {@link AwsEventStream}, are written in order, each followed by a
   * flush.
   */
  public static FakeResponse eventStream(List<byte[]> messages) {
    FakeResponse response = new FakeResponse();
    response.description = "event stream of " + messages.size() + " messages";
    response.contentType = AwsEventStream.CONTENT_TYPE;
    List<byte[]> copies = new ArrayList<>();
    for (byte[] message : messages) {
      copies.add(message.clone());
    }
    response.events = List.copyOf(copies);
    return response;
  }

  /**
   * Returns a response that reads the request and then closes the connection, answering nothing.
   */
  public static FakeResponse closeConnection() {
    FakeResponse response = new FakeResponse();
    response.description = "closed connection";
    response.action = Action.CLOSE_CONNECTION;
    return response;
  }

  /** Returns a response that reads the request and answers nothing until the server closes. */
  public static FakeResponse hang() {
    FakeResponse response = new FakeResponse();
    response.description = "hang";
    response.action = Action.HANG;
    return response;
  }

  /** Returns a copy that answers only requests with this method and path. */
  public FakeResponse forRoute(String method, String path) {
    FakeResponse copy = copy();
    copy.routeMethod = method;
    copy.routePath = path;
    return copy;
  }

  /** Returns a copy with another status. */
  public FakeResponse withStatus(int status) {
    FakeResponse copy = copy();
    copy.status = status;
    return copy;
  }

  /** Returns a copy with another {@code Content-Type}. */
  public FakeResponse withContentType(String contentType) {
    FakeResponse copy = copy();
    copy.contentType = contentType;
    return copy;
  }

  /** Returns a copy that also sends this response header, such as {@code Retry-After}. */
  public FakeResponse withHeader(String name, String value) {
    FakeResponse copy = copy();
    Map<String, String> changed = new LinkedHashMap<>(headers);
    changed.put(name, value);
    copy.headers = Collections.unmodifiableMap(changed);
    return copy;
  }

  /** Returns a copy that waits this long after reading the request before sending headers. */
  public FakeResponse withHeaderDelay(Duration delay) {
    FakeResponse copy = copy();
    copy.headerDelay = delay;
    return copy;
  }

  /** Returns a copy of a stream response that waits this long before each event but the first. */
  public FakeResponse withEventDelay(Duration delay) {
    requireEvents("withEventDelay");
    FakeResponse copy = copy();
    copy.eventDelay = delay;
    return copy;
  }

  /**
   * Returns a copy of a stream response that sends the first {@code count} events and then closes
   * the connection, without the end of the chunked body. A count at or above the number of events
   * sends them all and still cuts the stream off before its end.
   */
  public FakeResponse cutAfterEvents(int count) {
    requireEvents("cutAfterEvents");
    FakeResponse copy = copy();
    copy.cutAfterEvents = count;
    return copy;
  }

  /**
   * Returns a copy of a stream response that sends the first {@code count} events and then sends
   * nothing until the server closes.
   */
  public FakeResponse hangAfterEvents(int count) {
    requireEvents("hangAfterEvents");
    FakeResponse copy = copy();
    copy.hangAfterEvents = count;
    return copy;
  }

  @Override
  public String toString() {
    String route = routeMethod == null ? "any route" : routeMethod + " " + routePath;
    return description + " for " + route;
  }

  boolean matches(String method, String path) {
    return routeMethod == null || (routeMethod.equals(method) && routePath.equals(path));
  }

  Action action() {
    return action;
  }

  int status() {
    return status;
  }

  String contentType() {
    return contentType;
  }

  Map<String, String> headers() {
    return headers;
  }

  byte[] body() {
    return body;
  }

  /** The stream's events, or null when the response has a plain body. */
  List<byte[]> events() {
    return events;
  }

  Duration headerDelay() {
    return headerDelay;
  }

  Duration eventDelay() {
    return eventDelay;
  }

  /** The number of events sent before the connection is closed, or -1 to send them all. */
  int cutAfterEvents() {
    return cutAfterEvents;
  }

  /** The number of events sent before the stream stalls, or -1 to send them all. */
  int hangAfterEvents() {
    return hangAfterEvents;
  }

  private void requireEvents(String method) {
    if (events == null) {
      throw new IllegalStateException(
          method
              + " needs a stream response: start from sse(...) or a recording with response.sse");
    }
  }

  private FakeResponse copy() {
    FakeResponse copy = new FakeResponse();
    copy.action = action;
    copy.routeMethod = routeMethod;
    copy.routePath = routePath;
    copy.description = description;
    copy.status = status;
    copy.contentType = contentType;
    copy.headers = headers;
    copy.body = body;
    copy.events = events;
    copy.headerDelay = headerDelay;
    copy.eventDelay = eventDelay;
    copy.cutAfterEvents = cutAfterEvents;
    copy.hangAfterEvents = hangAfterEvents;
    return copy;
  }

  /** Splits a stream body after each blank line ({@code "\n\n"}), keeping every byte. */
  private static List<byte[]> splitEvents(byte[] stream) {
    List<byte[]> events = new ArrayList<>();
    int start = 0;
    for (int i = 0; i + 1 < stream.length; i++) {
      if (stream[i] == '\n' && stream[i + 1] == '\n') {
        events.add(Arrays.copyOfRange(stream, start, i + 2));
        start = i + 2;
        i++;
      }
    }
    if (start < stream.length) {
      events.add(Arrays.copyOfRange(stream, start, stream.length));
    }
    return List.copyOf(events);
  }
}
