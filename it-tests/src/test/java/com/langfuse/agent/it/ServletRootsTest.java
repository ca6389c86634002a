package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.web.ChatWebApp;
import com.langfuse.agent.it.support.ChildJvm;
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

  /** Request spans and generations that the requests with LLM calls export. */
  private static final int EXPECTED_SPANS = 3 + 2 + 2 + 2;

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
            .run(
                ChatWebApp.class,
                "GET /ping",
                "POST /chat/42",
                "POST /async/7",
                "POST /deferred/9",
                "GET /fail");
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
    List<ReceivedSpan> roots =
        spans.stream().filter(span -> span.name().equals(name)).collect(Collectors.toList());
    assertThat(roots).as("spans named " + name + " among " + describe(spans)).hasSize(1);
    return roots.get(0);
  }

  private List<ReceivedSpan> trace(ReceivedSpan root) {
    return spans.stream()
        .filter(span -> span.traceId().equals(root.traceId()))
        .collect(Collectors.toList());
  }

  private List<ReceivedSpan> children(ReceivedSpan root) {
    return spans.stream()
        .filter(span -> root.spanId().equals(span.parentSpanId()))
        .collect(Collectors.toList());
  }

  private static String describe(List<ReceivedSpan> spans) {
    return spans.stream().map(ReceivedSpan::toString).collect(Collectors.joining("\n"));
  }
}
