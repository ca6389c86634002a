package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs the WebFlux application of the {@code webflux-app} module, a real Spring Boot 3.5.7
 * application on Reactor Netty packaged as an executable jar, once with the agent and once
 * without, sending it one request per route. Each request that made LLM calls must be one trace
 * rooted in its request span, whichever threads the calls ran on. The request without an LLM call
 * must export nothing. The LLM calls that the application makes afterwards, outside any request
 * but on the same pooled threads, must start traces of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebFluxRootsTest {

  private static final Path JAR =
      Path.of(System.getProperty("it.webflux.app.jar", "webflux-app/target/webflux-app.jar"));

  private static final String PUBLIC_KEY = "pk-lf-it-webflux";
  private static final String SECRET_KEY = "sk-lf-it-webflux-never-logged";

  private static final String[] ROUTES = {
    "GET /ping",
    "POST /chat/1",
    "POST /elastic/2",
    "POST /merge/3",
    "POST /publish/4",
    "POST /webclient/5",
    "GET /route/six",
    "GET /fail",
    "GET /stream/7 disconnect",
    "GET /hang/8 disconnect",
    "GET /ping"
  };

  /** The request spans with their generations, and the three calls made outside requests. */
  private static final int EXPECTED_SPANS = 2 + 2 + 3 + 2 + 2 + 2 + 2 + 2 + 2 + 3;

  private FakeLlmProvider provider;
  private OtlpReceiver receiver;
  private ChildJvm.Result withAgent;
  private ChildJvm.Result withoutAgent;
  private List<ReceivedSpan> spans;

  @BeforeAll
  void runWebFluxApp() throws Exception {
    assertThat(Files.isRegularFile(JAR)).as("built WebFlux application at " + JAR).isTrue();
    provider = new FakeLlmProvider().start();
    receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start();
    withAgent =
        new ChildJvm()
            .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
            .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
            .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
            .env("LANGFUSE_BASE_URL", receiver.baseUrl())
            .env("LANGFUSE_FLUSH_INTERVAL", "0.2")
            .env("LANGFUSE_HTTP_USER_ID_HEADER", "X-Demo-User")
            .runJar(JAR, ROUTES);
    withoutAgent =
        new ChildJvm()
            .withoutAgent()
            .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
            .runJar(JAR, ROUTES);
    try {
      spans = receiver.awaitSpans(EXPECTED_SPANS, Duration.ofSeconds(30));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\nthe application: " + withAgent, e);
    }
  }

  @AfterAll
  void stopServers() {
    provider.close();
    receiver.close();
  }

  @Test
  void appAnswersEveryRequest() {
    String stdout = withAgent.stdout();

    assertThat(withAgent.exitCode()).as(withAgent.toString()).isZero();
    assertThat(stdout).as(withAgent.toString()).contains("GET /ping -> 200 pong");
    assertThat(stdout).contains("POST /chat/1 -> 200 1: ");
    assertThat(stdout).contains("POST /elastic/2 -> 200 2: ");
    assertThat(stdout).contains("POST /merge/3 -> 200 3: ");
    assertThat(stdout).contains("POST /publish/4 -> 200 4: ");
    assertThat(stdout).contains("POST /webclient/5 -> 200 5: 404 ");
    assertThat(stdout).contains("GET /route/six -> 200 six: ");
    assertThat(stdout).contains("GET /fail -> 500");
    assertThat(stdout).contains("GET /stream/7 disconnect -> 200 7: ");
    assertThat(stdout).contains("GET /hang/8 disconnect -> disconnected after the LLM call");
    assertThat(stdout).contains("outside, event loop: 404 ");
  }

  @Test
  void responsesSameWithoutAgent() {
    assertThat(withoutAgent.exitCode()).as(withoutAgent.toString()).isZero();
    assertThat(results(withAgent)).hasSize(ROUTES.length + 3);
    assertThat(results(withAgent)).isEqualTo(results(withoutAgent));
  }

  @Test
  void agentLogsNoProblem() {
    assertThat(withAgent.stderr()).doesNotContain("[langfuse-agent] WARN");
    assertThat(withAgent.stderr()).doesNotContain("[langfuse-agent] ERROR");
    assertThat(receiver.violations()).isEmpty();
  }

  @Test
  void requestWithoutLlmCallExportsNothing() {
    assertThat(receiver.spans()).as(describe(receiver.spans())).hasSize(EXPECTED_SPANS);
    assertThat(receiver.spans()).noneMatch(span -> span.name().contains("/ping"));
  }

  @Test
  void eventLoopCallIsChild() {
    ReceivedSpan root = root("POST /chat/{id}");

    assertThat(root.kind()).isEqualTo("SERVER");
    assertThat(root.attr("http.route")).isEqualTo("/chat/{id}");
    assertThat(root.json("langfuse.observation.input").path("path").asText()).isEqualTo("/chat/1");
    assertThat(root.json("langfuse.observation.output").path("status").asInt()).isEqualTo(200);
    assertThat(root.attr("langfuse.observation.level")).isNull();
    assertOneTraceOfGenerations(root, 1);
  }

  @Test
  void subscribeOnCallIsChild() {
    assertOneTraceOfGenerations(root("POST /elastic/{id}"), 1);
  }

  @Test
  void mergedCallsAreChildren() {
    assertOneTraceOfGenerations(root("POST /merge/{id}"), 2);
  }

  @Test
  void headerUserIdOnEverySpan() {
    ReceivedSpan root = root("POST /merge/{id}");
    List<ReceivedSpan> trace =
        spans.stream()
            .filter(span -> span.traceId().equals(root.traceId()))
            .collect(Collectors.toList());

    assertThat(trace).as(describe(trace)).hasSize(3);
    assertThat(trace)
        .allSatisfy(span -> assertThat(span.attr("langfuse.user.id")).isEqualTo("user-merge-3"));
    assertThat(withAgent.stderr()).doesNotContain("user-merge-3");
  }

  @Test
  void publishOnCallIsChild() {
    assertOneTraceOfGenerations(root("POST /publish/{id}"), 1);
  }

  @Test
  void webClientFlatMapCallIsChild() {
    assertOneTraceOfGenerations(root("POST /webclient/{id}"), 1);
  }

  @Test
  void routerFunctionNamesRoute() {
    ReceivedSpan root = root("GET /route/{name}");

    assertThat(root.attr("http.route")).isEqualTo("/route/{name}");
    assertOneTraceOfGenerations(root, 1);
  }

  @Test
  void failedRequestIsErrorLevel() {
    ReceivedSpan root = root("GET /fail");

    assertThat(root.attr("langfuse.observation.level")).isEqualTo("ERROR");
    assertThat(root.json("langfuse.observation.output").path("status").asInt()).isEqualTo(500);
    assertOneTraceOfGenerations(root, 1);
  }

  @Test
  void disconnectDuringBodyEndsSpan() {
    ReceivedSpan root = root("GET /stream/{id}");

    assertThat(root.json("langfuse.observation.output").path("status").asInt()).isEqualTo(200);
    assertOneTraceOfGenerations(root, 1);
  }

  @Test
  void disconnectBeforeResponseIsWarning() {
    ReceivedSpan root = root("GET /hang/{id}");

    assertThat(root.attr("langfuse.observation.level")).isEqualTo("WARNING");
    assertThat(String.valueOf(root.attr("langfuse.observation.status_message")))
        .contains("client disconnected");
    assertOneTraceOfGenerations(root, 1);
  }

  @Test
  void callsOutsideRequestsStartOwnTraces() {
    Set<String> requestTraces =
        spans.stream()
            .filter(span -> "SERVER".equals(span.kind()))
            .map(ReceivedSpan::traceId)
            .collect(Collectors.toSet());
    List<ReceivedSpan> outside =
        spans.stream()
            .filter(span -> !requestTraces.contains(span.traceId()))
            .collect(Collectors.toList());

    assertThat(outside).as(describe(spans)).hasSize(3);
    assertThat(outside).allSatisfy(span -> assertThat(span.parentSpanId()).isNullOrEmpty());
    assertThat(outside)
        .allSatisfy(
            span -> assertThat(span.attr("langfuse.observation.type")).isEqualTo("generation"));
    assertThat(outside.stream().map(ReceivedSpan::traceId).distinct()).hasSize(3);
  }

  @Test
  void everyRequestSpanIsRoot() {
    List<ReceivedSpan> requests =
        spans.stream().filter(span -> "SERVER".equals(span.kind())).collect(Collectors.toList());

    assertThat(requests).as(describe(spans)).hasSize(9);
    assertThat(requests).allSatisfy(span -> assertThat(span.parentSpanId()).isNullOrEmpty());
  }

  /** Checks that {@code root}'s trace is the root and {@code count} generations under it. */
  private void assertOneTraceOfGenerations(ReceivedSpan root, int count) {
    List<ReceivedSpan> trace =
        spans.stream()
            .filter(span -> span.traceId().equals(root.traceId()))
            .collect(Collectors.toList());
    List<ReceivedSpan> children =
        trace.stream()
            .filter(span -> root.spanId().equals(span.parentSpanId()))
            .collect(Collectors.toList());

    assertThat(root.parentSpanId()).isNullOrEmpty();
    assertThat(trace).as(describe(trace)).hasSize(count + 1);
    assertThat(children).as(describe(trace)).hasSize(count);
    assertThat(children)
        .allSatisfy(
            span -> assertThat(span.attr("langfuse.observation.type")).isEqualTo("generation"));
  }

  private ReceivedSpan root(String name) {
    List<ReceivedSpan> roots =
        spans.stream().filter(span -> span.name().equals(name)).collect(Collectors.toList());
    assertThat(roots).as("spans named " + name + " among " + describe(spans)).hasSize(1);
    return roots.get(0);
  }

  /** Returns the lines where the application printed a response or a result, in order. */
  private static List<String> results(ChildJvm.Result run) {
    return run.stdout()
        .lines()
        .filter(line -> line.contains(" -> ") || line.startsWith("outside, "))
        .collect(Collectors.toList());
  }

  private static String describe(List<ReceivedSpan> spans) {
    return spans.stream().map(ReceivedSpan::toString).collect(Collectors.joining("\n"));
  }
}
