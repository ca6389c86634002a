package com.langfuse.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceTreePrinterTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String OTHER_TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final long START = 1_796_378_400_000_000_000L;
  private static final long MS = 1_000_000L;

  @Test
  void twoLevelTracePrintsTree() {
    ReceivedSpan root =
        span(TRACE, "00f067aa0ba902b7", null, "handle request", 0, 412, attributes("agent"));
    Map<String, Object> generation = attributes("generation");
    generation.put("gen_ai.request.model", "gpt-4o-mini");
    generation.put("gen_ai.response.model", "gpt-4o-mini-2024-07-18");
    generation.put(
        "langfuse.observation.usage_details", "{\"input\":22,\"output\":5,\"total\":27}");
    generation.put("langfuse.observation.completion_start_time", "2026-12-04T10:00:00.160Z");
    ReceivedSpan chat =
        span(TRACE, "b7ad6b7169203331", "00f067aa0ba902b7", "chat", 10, 310, generation);
    Map<String, Object> tool = attributes("tool");
    tool.put("langfuse.observation.level", "ERROR");
    tool.put("langfuse.observation.status_message", "timed out\nafter 5 s");
    ReceivedSpan weather =
        span(TRACE, "c3a5f1e2d4b60718", "00f067aa0ba902b7", "get_weather", 320, 332, tool);

    String tree = TraceTreePrinter.format(List.of(weather, chat, root));

    assertThat(tree)
        .isEqualTo(
            "trace "
                + TRACE
                + "\n"
                + "`-- agent handle request  duration=412ms\n"
                + "    +-- generation chat  model=gpt-4o-mini-2024-07-18 in=22 out=5 ttft=150ms"
                + " duration=300ms\n"
                + "    `-- tool get_weather  duration=12ms level=ERROR"
                + " error=\"timed out after 5 s\"\n");
  }

  @Test
  void tracesOrderedByFirstSpan() {
    ReceivedSpan later =
        span(TRACE, "00f067aa0ba902b7", null, "later", 50, 60, new LinkedHashMap<>());
    ReceivedSpan earlier =
        span(OTHER_TRACE, "b7ad6b7169203331", null, "earlier", 0, 5, attributes("embedding"));

    String tree = TraceTreePrinter.format(List.of(later, earlier));

    assertThat(tree)
        .isEqualTo(
            "trace "
                + OTHER_TRACE
                + "\n`-- embedding earlier  duration=5ms\n"
                + "trace "
                + TRACE
                + "\n`-- span later  duration=10ms\n");
  }

  @Test
  void orphanSpanPrintedAsRoot() {
    ReceivedSpan orphan =
        span(TRACE, "b7ad6b7169203331", "00f067aa0ba902b7", "orphan", 0, 1, attributes("span"));

    assertThat(TraceTreePrinter.format(List.of(orphan)))
        .isEqualTo("trace " + TRACE + "\n`-- span orphan  duration=1ms\n");
  }

  @Test
  void otlpErrorStatusShowsMessage() {
    ReceivedSpan failed =
        new ReceivedSpan(
            TRACE,
            "b7ad6b7169203331",
            null,
            "chat",
            "CLIENT",
            START,
            START + 2 * MS,
            "ERROR",
            "404 model not found",
            attributes("generation"),
            Map.of(),
            "");

    assertThat(TraceTreePrinter.describe(failed))
        .isEqualTo("generation chat  duration=2ms error=\"404 model not found\"");
  }

  private static Map<String, Object> attributes(String type) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("langfuse.observation.type", type);
    return attributes;
  }

  private static ReceivedSpan span(
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      long startMillis,
      long endMillis,
      Map<String, Object> attributes) {
    return new ReceivedSpan(
        traceId,
        spanId,
        parentSpanId,
        name,
        "INTERNAL",
        START + startMillis * MS,
        START + endMillis * MS,
        "UNSET",
        null,
        attributes,
        Map.of(),
        "");
  }
}
