package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.TraceMethodsApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs {@link TraceMethodsApp} with {@code LANGFUSE_TRACE_METHODS} naming its {@code Assistant}
 * methods in both forms of the grammar, plus one malformed entry. The traced method makes one of
 * its LLM calls through {@code CompletableFuture.supplyAsync}, so the tests also cover the
 * executor instrumentation, on Java 17 and on Java 25.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RootsTraceMethodsTest {

  private static final String PUBLIC_KEY = "pk-lf-it-public";
  private static final String SECRET_KEY = "sk-lf-it-secret-never-logged";

  private FakeLlmProvider provider;
  private OtlpReceiver receiver;
  private ChildJvm.Result run;
  private List<ReceivedSpan> spans;

  @BeforeAll
  void runApp() throws Exception {
    provider = new FakeLlmProvider().start();
    receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start();
    run =
        new ChildJvm()
            .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
            .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
            .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
            .env("LANGFUSE_BASE_URL", receiver.baseUrl())
            .env("LANGFUSE_FLUSH_INTERVAL", "0.2")
            .env(
                "LANGFUSE_TRACE_METHODS",
                "example.roots.Assistant#answer; example.roots.Assistant[fail, missing];"
                    + " not a valid entry")
            .run(TraceMethodsApp.class);
    try {
      spans = receiver.awaitSpans(4, Duration.ofSeconds(30));
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
  void appOutputUnchanged() {
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.stdout()).contains("attempt 1: ");
    assertThat(run.stdout())
        .contains("threw java.lang.IllegalArgumentException: no reason");
  }

  @Test
  void malformedEntryWarnsOnce() {
    List<String> warnings =
        run.stderr()
            .lines()
            .filter(line -> line.contains("LANGFUSE_TRACE_METHODS"))
            .collect(Collectors.toList());

    assertThat(warnings).as(run.stderr()).hasSize(1);
    assertThat(warnings.get(0)).contains("WARN").contains("not a valid entry");
  }

  @Test
  void methodIsRootOfTwoGenerations() {
    ReceivedSpan root = named("Assistant.answer");
    List<ReceivedSpan> children =
        spans.stream()
            .filter(span -> root.spanId().equals(span.parentSpanId()))
            .collect(Collectors.toList());

    assertThat(root.parentSpanId()).isNullOrEmpty();
    assertThat(children).as(spans.toString()).hasSize(2);
    assertThat(children)
        .allSatisfy(span -> assertThat(span.traceId()).isEqualTo(root.traceId()))
        .allSatisfy(
            span -> assertThat(span.attr("langfuse.observation.type")).isEqualTo("generation"));
  }

  @Test
  void methodSpanCarriesArgumentsAndResult() {
    ReceivedSpan root = named("Assistant.answer");

    assertThat(root.attr("langfuse.observation.type")).isEqualTo("span");
    assertThat(root.attr("langfuse.observation.input")).isEqualTo("[\"Which ocean?\",1]");
    assertThat(root.json("langfuse.observation.output").asText()).startsWith("attempt 1: ");
    assertThat(root.attr("code.function.name")).isEqualTo("example.roots.Assistant.answer");
  }

  @Test
  void throwingMethodIsErrorLevel() {
    ReceivedSpan failed = named("Assistant.fail");

    assertThat(failed.attr("langfuse.observation.level")).isEqualTo("ERROR");
    assertThat(failed.statusMessage()).contains("IllegalArgumentException: no reason");
  }

  @Test
  void java25RetransformsExecutors() throws Exception {
    String java25 = ChildJvm.java25Home();
    Assumptions.assumeTrue(java25 != null, "no Java 25 installed");
    try (FakeLlmProvider ownProvider = new FakeLlmProvider().start();
        OtlpReceiver ownReceiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result result =
          new ChildJvm()
              .javaHome(java25)
              .env("OPENAI_BASE_URL", ownProvider.openAiBaseUrl())
              .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
              .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
              .env("LANGFUSE_BASE_URL", ownReceiver.baseUrl())
              .env("LANGFUSE_FLUSH_INTERVAL", "0.2")
              .env("LANGFUSE_TRACE_METHODS", "example.roots.Assistant#answer")
              .run(TraceMethodsApp.class);
      List<ReceivedSpan> received = ownReceiver.awaitSpans(3, Duration.ofSeconds(30));

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(received).as(received.toString()).hasSize(3);
      assertThat(received.stream().map(ReceivedSpan::traceId).distinct()).hasSize(1);
    }
  }

  private ReceivedSpan named(String name) {
    List<ReceivedSpan> matching =
        spans.stream().filter(span -> span.name().equals(name)).collect(Collectors.toList());
    assertThat(matching).as("spans named " + name + " among " + spans).hasSize(1);
    return matching.get(0);
  }
}
