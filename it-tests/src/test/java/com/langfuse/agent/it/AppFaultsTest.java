package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.OpenAiScenarioApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.FakeResponse;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The LLM provider misbehaving under a real OpenAI SDK app with the agent attached: truncated and
 * malformed bodies, a dropped connection, a stream cut in the middle, unusual text, deeply nested
 * tool call arguments, bytes that are not UTF-8 and a 10 MB answer. The app must print exactly what it prints without the agent, and each call must give
 * one generation with the right level, or a span dropped with a counted reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppFaultsTest {

  private static final String PUBLIC_KEY = "pk-lf-app-faults";
  private static final String SECRET_KEY = "sk-lf-app-faults-secret";
  private static final int HUGE_CHARS = 10 * 1024 * 1024;

  /** Text with emoji, CJK, a combining mark and a lone surrogate, escaped as JSON allows. */
  private static final String UNUSUAL_TEXT_JSON =
      "caf\\u0065\\u0301 \\ud83e\\udd16 \\u6771\\u4eac lone \\ud800 end";

  private static final String[] SCENARIOS = {
    "chat-basic",
    "chat-basic",
    "chat-basic",
    "chat-stream",
    "chat-basic",
    "chat-basic",
    "chat-basic",
    "chat-basic"
  };

  /** How deep the tool call arguments nest: deep, but within Jackson's default read limit. */
  private static final int NESTING = 500;

  private final List<ReceivedSpan> spans = new ArrayList<>();
  private final List<String> receiverViolations = new ArrayList<>();
  private ChildJvm.Result withAgent;
  private ChildJvm.Result withoutAgent;

  @BeforeAll
  void runBothWays() throws Exception {
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      enqueueFaults(provider);
      withAgent =
          new ChildJvm()
              .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
              .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
              .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
              .env("LANGFUSE_BASE_URL", receiver.baseUrl())
              .jvmArgument("-Xmx512m")
              .run(OpenAiScenarioApp.class, SCENARIOS);
      long exported = stopCount(withAgent, "exported");
      spans.addAll(receiver.awaitSpans((int) exported, Duration.ofSeconds(30)));
      spans.sort(Comparator.comparingLong(ReceivedSpan::startNanos));
      receiverViolations.addAll(receiver.violations());
    }
    try (FakeLlmProvider provider = new FakeLlmProvider().start()) {
      enqueueFaults(provider);
      withoutAgent =
          new ChildJvm()
              .withoutAgent()
              .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
              .jvmArgument("-Xmx512m")
              .run(OpenAiScenarioApp.class, SCENARIOS);
    }
  }

  private static void enqueueFaults(FakeLlmProvider provider) {
    provider.enqueue(FakeResponse.json(200, "{\"id\":\"chatcmpl-cut\",\"object\":\"chat.com"));
    provider.enqueue(FakeResponse.json(200, "this is not JSON"));
    provider.enqueue(FakeResponse.closeConnection());
    provider.enqueue(FakeResponse.recording("openai/chat-stream").cutAfterEvents(2));
    provider.enqueue(FakeResponse.json(200, completion(UNUSUAL_TEXT_JSON)));
    provider.enqueue(FakeResponse.json(200, toolCallCompletion(nestedArguments())));
    provider.enqueue(FakeResponse.json(200, invalidUtf8Completion()));
    provider.enqueue(FakeResponse.json(200, completion("x".repeat(HUGE_CHARS))));
  }

  @Test
  void appOutputSameWithAndWithoutAgent() {
    assertThat(withAgent.exitCode()).as(withAgent.toString()).isZero();
    assertThat(withoutAgent.exitCode()).isZero();
    assertThat(withAgent.stdout()).isEqualTo(withoutAgent.stdout());
  }

  @Test
  void everyCallIsExportedOrCountedOnce() {
    long exported = stopCount(withAgent, "exported");
    long dropped = stopCount(withAgent, "dropped");

    assertThat(exported + dropped).as(withAgent.stderr()).isEqualTo(SCENARIOS.length);
    assertThat(spans).hasSize((int) exported);
    assertThat(spans).extracting(ReceivedSpan::spanId).doesNotHaveDuplicates();
  }

  @Test
  void brokenBodiesAreErrorGenerations() {
    for (int i = 0; i < 3; i++) {
      ReceivedSpan span = spans.get(i);
      assertThat(span.attr("langfuse.observation.level")).as(span.toString()).isEqualTo("ERROR");
      assertThat(span.statusCode()).isEqualTo("ERROR");
      assertThat((String) span.attr("langfuse.observation.status_message")).isNotBlank();
    }
  }

  @Test
  void cutStreamEndsOnceWithLevel() {
    ReceivedSpan span = spans.get(3);

    assertThat(span.attr("langfuse.observation.level")).as(span.toString()).isIn("ERROR", "WARNING");
    assertThat((String) span.attr("langfuse.observation.status_message")).isNotBlank();
    assertThat(withAgent.stdout()).contains("threw");
  }

  @Test
  void unusualTextSurvivesAsValidJson() {
    ReceivedSpan span = spans.get(4);

    assertThat(span.attr("langfuse.observation.level")).isNull();
    assertThat((String) span.attr("langfuse.observation.output"))
        .contains("\ud83e\udd16")
        .contains("\u6771\u4eac")
        .contains("end");
  }

  @Test
  void deeplyNestedToolArgumentsAreExported() {
    ReceivedSpan span = spans.get(5);

    assertThat(span.attr("langfuse.observation.level")).isNull();
    assertThat((String) span.attr("langfuse.observation.output")).contains("deep_tool");
  }

  @Test
  void invalidUtf8AnswerIsErrorGeneration() {
    ReceivedSpan span = spans.get(6);

    // The SDK's JSON parser rejects the bytes, so the app sees an exception and so does the span.
    assertThat(span.attr("langfuse.observation.level")).as(span.toString()).isEqualTo("ERROR");
    assertThat((String) span.attr("langfuse.observation.status_message")).isNotBlank();
    assertThat(receiverViolations).isEmpty();
  }

  @Test
  void hugeAnswerIsExportedCappedOrDroppedWithReason() {
    if (spans.size() == SCENARIOS.length) {
      ReceivedSpan span = spans.get(7);
      String output = (String) span.attr("langfuse.observation.output");
      assertThat(output == null ? 0 : output.length()).isLessThan(HUGE_CHARS);
    } else {
      assertThat(stopCount(withAgent, "too_large")).as(withAgent.stderr()).isEqualTo(1);
    }
  }

  private static String completion(String contentJson) {
    return "{\"id\":\"chatcmpl-fault\",\"object\":\"chat.completion\",\"created\":1733300000,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":"
        + "{\"role\":\"assistant\",\"content\":\""
        + contentJson
        + "\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}";
  }

  /** Returns a chat completion whose one tool call has {@code argumentsJson}, escaped. */
  private static String toolCallCompletion(String argumentsJson) {
    String escaped = argumentsJson.replace("\\", "\\\\").replace("\"", "\\\"");
    return "{\"id\":\"chatcmpl-nested\",\"object\":\"chat.completion\",\"created\":1733300000,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":"
        + "{\"role\":\"assistant\",\"content\":null,\"refusal\":null,\"tool_calls\":[{\"id\":"
        + "\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"deep_tool\",\"arguments\":\""
        + escaped
        + "\"}}]},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}],"
        + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}";
  }

  /** Returns a chat completion whose text holds bytes that are not valid UTF-8. */
  private static byte[] invalidUtf8Completion() {
    byte[] before = completion("before @@ after").getBytes(StandardCharsets.UTF_8);
    String text = new String(before, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("@@");
    // A lone continuation byte and a truncated three-byte sequence.
    before[at] = (byte) 0x80;
    before[at + 1] = (byte) 0xE2;
    return before;
  }

  private static String nestedArguments() {
    return "{\"a\":".repeat(NESTING) + "1" + "}".repeat(NESTING);
  }

  /** Reads {@code name=N} from the agent's stop line; 0 when the name is absent. */
  private static long stopCount(ChildJvm.Result result, String name) {
    for (String line : result.stderr().split("\n")) {
      if (line.startsWith("[langfuse-agent] INFO stopped:")) {
        Matcher matcher = Pattern.compile("\\b" + name + "=(\\d+)").matcher(line);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
      }
    }
    throw new AssertionError("no stop line in:\n" + result.stderr());
  }
}
