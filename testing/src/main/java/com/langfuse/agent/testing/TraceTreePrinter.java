package com.langfuse.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Formats received spans as one ASCII tree per trace, for the demo and for test failure messages.
 *
 * <pre>
 * trace 4bf92f3577b34da6a3ce929d0e0e4736
 * `-- span handle request  duration=412ms
 *     +-- generation chat  model=gpt-4o-mini in=22 out=5 ttft=150ms duration=300ms
 *     `-- tool get_weather  duration=12ms level=ERROR error="timed out"
 * </pre>
 *
 * <p>Children sit under their parent, ordered by start time, and traces are ordered by their first
 * span. A span whose parent was not received is shown as a root of its trace. Each line has the
 * observation type ({@code span} when none is set), the name, the model ({@code
 * gen_ai.response.model}, else {@code gen_ai.request.model}), input and output tokens from the
 * usage details, the time to first token, the duration, the level when it is not {@code DEFAULT},
 * and the status message of an error.
 */
public final class TraceTreePrinter {

  private static final String RESPONSE_MODEL = "gen_ai.response.model";
  private static final String REQUEST_MODEL = "gen_ai.request.model";
  private static final String STATUS_MESSAGE = "langfuse.observation.status_message";
  private static final int MAX_MESSAGE_CHARS = 120;

  private TraceTreePrinter() {}

  /** Returns the trees of all traces in {@code spans}, one line per span, ending in a newline. */
  public static String format(Collection<ReceivedSpan> spans) {
    Map<String, List<ReceivedSpan>> traces = new LinkedHashMap<>();
    spans.stream()
        .sorted(Comparator.comparingLong(ReceivedSpan::startNanos))
        .forEach(span -> traces.computeIfAbsent(span.traceId(), id -> new ArrayList<>()).add(span));

    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, List<ReceivedSpan>> trace : traces.entrySet()) {
      out.append("trace ").append(trace.getKey()).append('\n');
      List<ReceivedSpan> traceSpans = trace.getValue();
      Set<String> ids = new HashSet<>();
      traceSpans.forEach(span -> ids.add(span.spanId()));
      List<ReceivedSpan> roots = new ArrayList<>();
      for (ReceivedSpan span : traceSpans) {
        if (span.parentSpanId() == null || !ids.contains(span.parentSpanId())) {
          roots.add(span);
        }
      }
      appendChildren(out, roots, traceSpans, "", new HashSet<>());
    }
    return out.toString();
  }

  /** Returns one line describing {@code span}, without tree characters. */
  public static String describe(ReceivedSpan span) {
    StringBuilder line = new StringBuilder();
    Object type = span.attr(AttributeChecks.TYPE);
    line.append(type == null ? "span" : type).append(' ').append(span.name()).append(' ');

    Object model = span.attr(RESPONSE_MODEL);
    if (model == null) {
      model = span.attr(REQUEST_MODEL);
    }
    if (model != null) {
      line.append(" model=").append(model);
    }
    appendTokens(line, span);
    Instant firstToken =
        AttributeChecks.parseCompletionStartTime(span.attr(AttributeChecks.COMPLETION_START_TIME));
    if (firstToken != null) {
      long firstTokenNanos = firstToken.getEpochSecond() * 1_000_000_000L + firstToken.getNano();
      line.append(" ttft=").append(millis(firstTokenNanos - span.startNanos())).append("ms");
    }
    line.append(" duration=").append(millis(span.endNanos() - span.startNanos())).append("ms");

    Object level = span.attr(AttributeChecks.LEVEL);
    if (level != null && !"DEFAULT".equals(level)) {
      line.append(" level=").append(level);
    }
    if ("ERROR".equals(level) || "ERROR".equals(span.statusCode())) {
      Object message = span.statusMessage();
      if (message == null) {
        message = span.attr(STATUS_MESSAGE);
      }
      if (message != null) {
        line.append(" error=\"").append(shorten(String.valueOf(message))).append('"');
      }
    }
    return line.toString();
  }

  private static void appendChildren(
      StringBuilder out,
      List<ReceivedSpan> children,
      List<ReceivedSpan> traceSpans,
      String indent,
      Set<String> printed) {
    for (int i = 0; i < children.size(); i++) {
      ReceivedSpan child = children.get(i);
      // A span id sent twice, or a parent cycle, must not print forever.
      if (!printed.add(child.spanId() + "@" + child.startNanos())) {
        continue;
      }
      boolean last = i == children.size() - 1;
      out.append(indent).append(last ? "`-- " : "+-- ").append(describe(child)).append('\n');
      List<ReceivedSpan> grandchildren = new ArrayList<>();
      for (ReceivedSpan span : traceSpans) {
        if (child.spanId().equals(span.parentSpanId())) {
          grandchildren.add(span);
        }
      }
      appendChildren(out, grandchildren, traceSpans, indent + (last ? "    " : "|   "), printed);
    }
  }

  private static void appendTokens(StringBuilder line, ReceivedSpan span) {
    Object usage = span.attr(AttributeChecks.USAGE_DETAILS);
    JsonNode details = usage instanceof String ? Json.parseOrNull((String) usage) : null;
    if (details == null || !details.isObject()) {
      return;
    }
    JsonNode input = firstPresent(details, "input", "prompt_tokens", "input_tokens");
    JsonNode output = firstPresent(details, "output", "completion_tokens", "output_tokens");
    if (input != null) {
      line.append(" in=").append(input.asText());
    }
    if (output != null) {
      line.append(" out=").append(output.asText());
    }
  }

  private static JsonNode firstPresent(JsonNode details, String... keys) {
    for (String key : keys) {
      if (details.has(key)) {
        return details.get(key);
      }
    }
    return null;
  }

  private static long millis(long nanos) {
    return Math.round(nanos / 1_000_000.0);
  }

  private static String shorten(String message) {
    String oneLine = message.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= MAX_MESSAGE_CHARS
        ? oneLine
        : oneLine.substring(0, MAX_MESSAGE_CHARS - 3) + "...";
  }
}
