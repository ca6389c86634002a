package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.web.ChatWebApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.it.support.SpanTrees;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs {@link ChatWebApp}, a real Spring Boot application on embedded Tomcat, in one child JVM
 * with the agent, and sends it one request per route. Each request that made LLM calls must be
 * one trace rooted in its request span; the request without an LLM call must export nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServletRootsTest {

  private static final String PUBLIC_KEY = "pk-lf-it-public";
  private static final String SECRET_KEY = "sk-lf-it-secret-never-logged";

  /** The request headers that the agent reads the user id and session id from. */
  private static final String USER_HEADER = "X-User-Id";
  private static final String SESSION_HEADER = "X-Session-Id";

  /** A user id longer than the cap of 200 chars. */
  private static final String LONG_USER = "long-user-" + "x".repeat(290);

  /** Request spans and generations that the requests with LLM calls export. */
  private static final int EXPECTED_SPANS = 3 + 2 + 2 + 2 + 3 * 3;

  private FakeLlmProvider provider;
  private OtlpReceiver receiver;
  private ChildJvm.Result run;
  private List<ReceivedSpan> spans;

  @BeforeAll
  void runWebApp() throws Exception {
    provider = new FakeLlmProvider().start();
    receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start();
    run =
        new ChildJvm()
            .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
            .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
            .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
            .env("LANGFUSE_BASE_URL", receiver.baseUrl())
            .env("LANGFUSE_FLUSH_INTERVAL", "0.2")
            .env("LANGFUSE_HTTP_USER_ID_HEADER", USER_HEADER)
            .env("LANGFUSE_HTTP_SESSION_ID_HEADER", SESSION_HEADER)
            .run(
                ChatWebApp.class,
                "GET /ping",
                "POST /chat/42",
                "POST /async/7",
                "POST /deferred/9",
                "GET /fail",
                "POST /identity/1 X-User-Id=header-user-1 X-Session-Id=header-session-1",
                "POST /identity/2 X-User-Id=header-user-2 X-Session-Id=header-session-2"
                    + " X-App-User=mdc-user-2",
                "POST /identity/3 X-User-Id=" + LONG_USER);
    try {
      spans = receiver.awaitSpans(EXPECTED_SPANS, Duration.ofSeconds(30));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\nthe application: " + run, e);
    }
  }

  @AfterAll
  void stopServers() {
    provider.close();
    receiver.close();
  }

  @Test
  void appAnswersEveryRequest() {
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.stdout()).as(run.toString()).contains("GET /ping -> 200 pong");
    assertThat(run.stdout()).as(run.toString()).contains("POST /chat/42 -> 200 42: ");
    assertThat(run.stdout()).as(run.toString()).contains("POST /async/7 -> 200 7: ");
    assertThat(run.stdout()).as(run.toString()).contains("POST /deferred/9 -> 200 9: ");
    assertThat(run.stdout()).as(run.toString()).contains("GET /fail -> 500");
    assertThat(run.stdout()).as(run.toString()).contains("POST /identity/1 -> 200 1: ");
    assertThat(run.stdout()).as(run.toString()).contains("POST /identity/2 -> 200 2: ");
    assertThat(run.stdout()).as(run.toString()).contains("POST /identity/3 -> 200 3: ");
  }

  @Test
  void headerIdsLandOnEverySpan() {
    List<ReceivedSpan> trace = trace(rootWithPath("/identity/1"));

    assertThat(trace).as(describe(trace)).hasSize(3);
    for (ReceivedSpan span : trace) {
      assertThat(span.attr("langfuse.user.id")).as(span.toString()).isEqualTo("header-user-1");
      assertThat(span.attr("langfuse.session.id"))
          .as(span.toString())
          .isEqualTo("header-session-1");
    }
  }

  @Test
  void mdcUserWinsOverHeaderOnEverySpan() {
    List<ReceivedSpan> trace = trace(rootWithPath("/identity/2"));

    assertThat(trace).as(describe(trace)).hasSize(3);
    for (ReceivedSpan span : trace) {
      assertThat(span.attr("langfuse.user.id")).as(span.toString()).isEqualTo("mdc-user-2");
      assertThat(span.attr("langfuse.session.id"))
          .as(span.toString())
          .isEqualTo("header-session-2");
    }
  }

  @Test
  void longHeaderValueIsCapped() {
    List<ReceivedSpan> trace = trace(rootWithPath("/identity/3"));

    assertThat(trace).as(describe(trace)).hasSize(3);
    for (ReceivedSpan span : trace) {
      assertThat(span.attr("langfuse.user.id"))
          .as(span.toString())
          .isEqualTo(LONG_USER.substring(0, 200));
      assertThat(span.attr("langfuse.session.id")).as(span.toString()).isNull();
    }
  }

  @Test
  void requestWithoutHeadersHasNoIds() {
    List<ReceivedSpan> trace = trace(root("POST /chat/{id}"));

    for (ReceivedSpan span : trace) {
      assertThat(span.attr("langfuse.user.id")).as(span.toString()).isNull();
      assertThat(span.attr("langfuse.session.id")).as(span.toString()).isNull();
    }
  }

  @Test
  void headerValuesAreNeverLogged() {
    for (String value : List.of("header-user-1", "header-session-2", "mdc-user-2", LONG_USER)) {
      assertThat(run.stderr()).as(value).doesNotContain(value);
    }
  }

  @Test
  void requestWithoutLlmCallExportsNothing() {
    assertThat(receiver.spans()).as(describe(receiver.spans())).hasSize(EXPECTED_SPANS);
    assertThat(receiver.spans()).noneMatch(span -> span.name().contains("/ping"));
  }

  @Test
  void chatRequestIsOneTrace() {
    ReceivedSpan root = root("POST /chat/{id}");
    List<ReceivedSpan> trace = trace(root);

    assertThat(trace).as(describe(trace)).hasSize(3);
    assertThat(root.parentSpanId()).isNullOrEmpty();
    assertThat(root.kind()).isEqualTo("SERVER");
    assertThat(root.attr("langfuse.observation.type")).isEqualTo("span");
    assertThat(root.attr("http.route")).isEqualTo("/chat/{id}");
    assertThat(root.json("langfuse.observation.input").path("path").asText()).isEqualTo("/chat/42");
    assertThat(root.json("langfuse.observation.output").path("status").asInt()).isEqualTo(200);
    assertThat(root.attr("langfuse.observation.level")).isNull();
  }

  @Test
  void executorCallIsChildGeneration() {
    ReceivedSpan root = root("POST /chat/{id}");
    List<ReceivedSpan> generations = children(root);

    assertThat(generations).as(describe(trace(root))).hasSize(2);
    assertThat(generations)
        .allSatisfy(
            span -> assertThat(span.attr("langfuse.observation.type")).isEqualTo("generation"));
  }

  @Test
  void completableFutureCallIsChild() {
    ReceivedSpan root = root("POST /async/{id}");

    assertThat(children(root)).as(describe(trace(root))).hasSize(1);
  }

  @Test
  void asyncRequestEndsAfterCompletion() {
    ReceivedSpan root = root("POST /deferred/{id}");
    List<ReceivedSpan> generations = children(root);

    assertThat(generations).as(describe(trace(root))).hasSize(1);
    assertThat(root.endNanos()).isGreaterThanOrEqualTo(generations.get(0).endNanos());
    assertThat(root.json("langfuse.observation.output").path("status").asInt()).isEqualTo(200);
  }

  @Test
  void failedRequestIsErrorLevel() {
    ReceivedSpan root = root("GET /fail");

    assertThat(root.attr("langfuse.observation.level")).isEqualTo("ERROR");
    assertThat(root.json("langfuse.observation.output").path("status").asInt()).isEqualTo(500);
    assertThat(root.statusMessage()).contains("failing on purpose");
    assertThat(children(root)).hasSize(1);
  }

  private ReceivedSpan root(String name) {
    return SpanTrees.named(spans, name);
  }

  private ReceivedSpan rootWithPath(String path) {
    List<ReceivedSpan> roots =
        spans.stream()
            .filter(span -> span.parentSpanId() == null || span.parentSpanId().isEmpty())
            .filter(span -> path.equals(span.attr("url.path")))
            .collect(Collectors.toList());
    assertThat(roots).as("roots with path " + path + " among " + describe(spans)).hasSize(1);
    return roots.get(0);
  }

  private List<ReceivedSpan> trace(ReceivedSpan root) {
    return SpanTrees.trace(spans, root);
  }

  private List<ReceivedSpan> children(ReceivedSpan root) {
    return SpanTrees.children(spans, root);
  }

  private static String describe(List<ReceivedSpan> spans) {
    return SpanTrees.describe(spans);
  }
}
