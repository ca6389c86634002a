package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.it.support.SdkVersions;
import com.langfuse.agent.it.support.SpanTrees;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs a plain {@code javax.servlet} servlet on embedded Jetty 9.4 (javax.servlet-api 3.1.0),
 * built by the module {@code it-tests/sdk-versions/javax-servlet-jetty-9.4}, in one child JVM with
 * the agent. Each request that made LLM calls must be one trace rooted in its request span, named
 * after the method and path since no framework matched a route.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServletRootsJavaxTest {

  private static final String PUBLIC_KEY = "pk-lf-javax-it";
  private static final String SECRET_KEY = "sk-lf-javax-it-secret";
  private static final String APP = "example.javaxservlet.ChatServletApp";

  /** The request span and two generations of the chat request, and the same for the failure. */
  private static final int EXPECTED_SPANS = 3 + 2;

  private FakeLlmProvider provider;
  private OtlpReceiver receiver;
  private ChildJvm.Result run;
  private List<ReceivedSpan> spans;

  @BeforeAll
  void runServletApp() throws Exception {
    provider = new FakeLlmProvider().start();
    receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start();
    run =
        new ChildJvm()
            .classPath(SdkVersions.javaxServletJetty())
            .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
            .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
            .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
            .env("LANGFUSE_BASE_URL", receiver.baseUrl())
            .env("LANGFUSE_FLUSH_INTERVAL", "0.2")
            .env("LANGFUSE_HTTP_USER_ID_HEADER", "X-User-Id")
            .run(APP, "GET /ping", "POST /chat/42 X-User-Id=javax-user", "GET /fail");
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
    assertThat(run.stdout()).as(run.toString()).contains("GET /fail -> 500");
  }

  @Test
  void requestWithoutLlmCallExportsNothing() {
    assertThat(receiver.spans()).as(describe(receiver.spans())).hasSize(EXPECTED_SPANS);
    assertThat(receiver.spans()).noneMatch(span -> span.name().contains("/ping"));
  }

  @Test
  void chatRequestIsServerRoot() {
    ReceivedSpan root = root("POST /chat/42");

    assertThat(root.parentSpanId()).isNullOrEmpty();
    assertThat(root.kind()).isEqualTo("SERVER");
    assertThat(root.attr("langfuse.observation.type")).isEqualTo("span");
    assertThat(root.attr("langfuse.trace.name")).isEqualTo("POST /chat/42");
    assertThat(root.attr("http.route")).isNull();
    assertThat(root.attr("http.request.method")).isEqualTo("POST");
    assertThat(root.json("langfuse.observation.input").path("path").asText()).isEqualTo("/chat/42");
    assertThat(root.json("langfuse.observation.output").path("status").asInt()).isEqualTo(200);
    assertThat(root.attr("http.response.status_code")).isEqualTo(200L);
    assertThat(root.attr("langfuse.observation.level")).isNull();
  }

  @Test
  void generationsAreChildrenOfRequest() {
    ReceivedSpan root = root("POST /chat/42");
    List<ReceivedSpan> generations = children(root);

    assertThat(trace(root)).as(describe(trace(root))).hasSize(3);
    assertThat(generations).as(describe(trace(root))).hasSize(2);
    for (ReceivedSpan generation : generations) {
      assertThat(generation.attr("langfuse.observation.type")).isEqualTo("generation");
      assertThat(generation.attr("gen_ai.request.model")).isEqualTo("gpt-4o-mini");
      assertThat(generation.traceId()).isEqualTo(root.traceId());
    }
  }

  @Test
  void headerUserOnEverySpan() {
    List<ReceivedSpan> trace = trace(root("POST /chat/42"));

    for (ReceivedSpan span : trace) {
      assertThat(span.attr("langfuse.user.id")).as(span.toString()).isEqualTo("javax-user");
    }
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
