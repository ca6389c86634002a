package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.OpenAiSentBodyApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import com.langfuse.agent.testing.RecordedRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chat input read from the request body the SDK sent: the same text as the input the agent
 * serializes from the request fields, always of the same call, and no change to what the SDK sends.
 */
class OpenAiSentBodyTest {

  private static final String PUBLIC_KEY = "pk-lf-it-sent-body";
  private static final String SECRET_KEY = "sk-lf-it-sent-body-secret";

  private static final String INPUT = "langfuse.observation.input";
  private static final String PARAMETERS = "langfuse.observation.model.parameters";
  private static final String MODEL = "gen_ai.request.model";

  private static final String[] PAIR_SCENARIOS = {
    "awkward-pair",
    "long-pair",
    "media-pair",
    "tools-pair",
    "extra-body-pair",
    "stream-pair",
    "async-pair",
    "async-stream-pair",
    "raw-pair",
    "closed-port-pair"
  };

  private FakeLlmProvider provider;
  private OtlpReceiver receiver;

  @BeforeEach
  void startServers() {
    provider = new FakeLlmProvider().start();
    receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start();
  }

  @AfterEach
  void stopServers() {
    provider.close();
    receiver.close();
  }

  @Test
  void sentBodyInputEqualsFieldsInput() throws Exception {
    ChildJvm.Result result = agentJvm().run(OpenAiSentBodyApp.class, PAIR_SCENARIOS);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    Map<String, ReceivedSpan> spans =
        byModel(receiver.awaitSpans(2 * PAIR_SCENARIOS.length, Duration.ofSeconds(60)));
    for (int i = 0; i < PAIR_SCENARIOS.length; i++) {
      ReceivedSpan shared = spans.get("m-" + i + "-shared");
      ReceivedSpan own = spans.get("m-" + i + "-copied");
      String scenario = PAIR_SCENARIOS[i];
      assertThat(shared).as(scenario + " shared").isNotNull();
      assertThat(own).as(scenario + " own").isNotNull();
      assertThat(text(shared, INPUT)).as(scenario + " input").isNotNull();
      String sharedInput = text(shared, INPUT).replace("-shared", "-copied");
      assertThat(firstDifference(sharedInput, text(own, INPUT))).as(scenario + " input").isNull();
      assertThat(text(shared, PARAMETERS))
          .as(scenario + " model parameters")
          .isEqualTo(text(own, PARAMETERS));
    }
    assertEachInputIsItsCall(spans);
  }

  @Test
  void sdkSendsSameBodiesWithAgent() throws Exception {
    String[] scenarios = {"awkward-pair", "long-pair", "tools-pair", "extra-body-pair"};
    ChildJvm.Result with = agentJvm().run(OpenAiSentBodyApp.class, scenarios);
    List<String> sentWith = bodies(provider.requests());
    provider.close();
    provider = new FakeLlmProvider().start();

    ChildJvm.Result without =
        new ChildJvm()
            .withoutAgent()
            .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
            .run(OpenAiSentBodyApp.class, scenarios);

    assertThat(with.stdout()).isEqualTo(without.stdout());
    assertThat(sentWith).hasSize(2 * scenarios.length);
    List<String> sentWithout = bodies(provider.requests());
    assertThat(sentWithout).hasSize(sentWith.size());
    for (int i = 0; i < sentWith.size(); i++) {
      assertThat(firstDifference(sentWith.get(i), sentWithout.get(i))).as("request " + i).isNull();
    }
  }

  @Test
  void nestedCallsKeepTheirOwnInput() throws Exception {
    ChildJvm.Result result =
        agentJvm()
            .run(
                OpenAiSentBodyApp.class,
                "nested-same-thread",
                "nested-other-thread",
                "two-clients",
                "threads");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    // The inner call on the outer call's thread is nested, so it is not traced.
    Map<String, ReceivedSpan> spans =
        byModel(receiver.awaitSpans(2 + 1 + 3 + 24, Duration.ofSeconds(60)));
    assertThat(spans).doesNotContainKey("m-inner");
    assertThat(spans).containsKeys("m-outer", "m-outer-thread", "m-inner-thread", "m-thread-23");
    assertEachInputIsItsCall(spans);
  }

  @Test
  void sdkRetryGivesInputOfItsCall() throws Exception {
    provider.enqueue(
        com.langfuse.agent.testing.FakeResponse.json(
            500, "{\"error\":{\"message\":\"try again\",\"type\":\"server_error\"}}"));
    ChildJvm.Result result =
        agentJvm().env("OPENAI_MAX_RETRIES", "2").run(OpenAiSentBodyApp.class, "awkward-pair");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    List<RecordedRequest> requests = provider.requests();
    assertThat(requests).hasSize(3);
    assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body());
    Map<String, ReceivedSpan> spans = byModel(receiver.awaitSpans(2, Duration.ofSeconds(30)));
    assertThat(text(spans.get("m-0-shared"), INPUT).replace("-shared", "-copied"))
        .isEqualTo(text(spans.get("m-0-copied"), INPUT));
  }

  /** Checks that each generation's input starts a message with its own model name. */
  private static void assertEachInputIsItsCall(Map<String, ReceivedSpan> spans) {
    for (Map.Entry<String, ReceivedSpan> entry : spans.entrySet()) {
      String input = text(entry.getValue(), INPUT);
      assertThat(input).as(entry.getKey() + " input").contains("\"" + entry.getKey() + " ");
    }
  }

  /** Returns where two texts first differ, with some context, or null when they are equal. */
  private static String firstDifference(String actual, String expected) {
    if (actual.equals(expected)) {
      return null;
    }
    int at = 0;
    while (at < actual.length()
        && at < expected.length()
        && actual.charAt(at) == expected.charAt(at)) {
      at++;
    }
    int from = Math.max(0, at - 40);
    return "at "
        + at
        + " of "
        + actual.length()
        + " and "
        + expected.length()
        + ": <"
        + actual.substring(from, Math.min(actual.length(), at + 60))
        + "> instead of <"
        + expected.substring(from, Math.min(expected.length(), at + 60))
        + ">";
  }

  private static Map<String, ReceivedSpan> byModel(List<ReceivedSpan> spans) {
    Map<String, ReceivedSpan> byModel = new HashMap<>();
    for (ReceivedSpan span : spans) {
      ReceivedSpan previous = byModel.put(text(span, MODEL), span);
      assertThat(previous).as("two spans of model " + text(span, MODEL)).isNull();
    }
    return byModel;
  }

  private static String text(ReceivedSpan span, String key) {
    Object value = span.attr(key);
    return value == null ? null : value.toString();
  }

  private static List<String> bodies(List<RecordedRequest> requests) {
    return requests.stream().map(RecordedRequest::body).collect(Collectors.toList());
  }

  private ChildJvm agentJvm() {
    return new ChildJvm()
        .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
        .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
        .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
        .env("LANGFUSE_BASE_URL", receiver.baseUrl())
        .env("LANGFUSE_FLUSH_INTERVAL", "0.2");
  }
}
