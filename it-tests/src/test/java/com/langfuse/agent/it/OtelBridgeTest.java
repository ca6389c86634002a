package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.TraceMethodsApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs {@link TraceMethodsApp} with the OpenTelemetry Java agent attached beside ours, its
 * exporters off. The application opens an OpenTelemetry span through the API and calls a method
 * named in {@code LANGFUSE_TRACE_METHODS} inside it; our root must join that OpenTelemetry trace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OtelBridgeTest {

  private static final String PUBLIC_KEY = "pk-lf-it-public";
  private static final String SECRET_KEY = "sk-lf-it-secret-never-logged";
  private static final Pattern OTEL_IDS = Pattern.compile("otel ([0-9a-f]{32}) ([0-9a-f]{16})");

  private FakeLlmProvider provider;
  private OtlpReceiver receiver;
  private ChildJvm.Result run;
  private List<ReceivedSpan> spans;

  @BeforeAll
  void runAppWithBothAgents() throws Exception {
    Path otelAgent =
        Path.of(System.getProperty("otel.agent.jar", "target/otel/opentelemetry-javaagent.jar"));
    assertThat(otelAgent).as("the OpenTelemetry Java agent, copied by the build").exists();
    provider = new FakeLlmProvider().start();
    receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start();
    run =
        new ChildJvm()
            .jvmArgument("-javaagent:" + otelAgent.toAbsolutePath())
            .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
            .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
            .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
            .env("LANGFUSE_BASE_URL", receiver.baseUrl())
            .env("LANGFUSE_FLUSH_INTERVAL", "0.2")
            .env("LANGFUSE_TRACE_METHODS", "example.roots.Assistant#answer")
            .env("OTEL_TRACES_EXPORTER", "none")
            .env("OTEL_METRICS_EXPORTER", "none")
            .env("OTEL_LOGS_EXPORTER", "none")
            .env("OTEL_JAVAAGENT_LOGGING", "none")
            .run(TraceMethodsApp.class, "--otel");
    try {
      spans = receiver.awaitSpans(3, Duration.ofSeconds(30));
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
  void rootJoinsOtelTrace() {
    Matcher ids = OTEL_IDS.matcher(run.stdout());
    assertThat(ids.find()).as(run.toString()).isTrue();
    ReceivedSpan root = named("Assistant.answer");

    assertThat(root.traceId()).isEqualTo(ids.group(1));
    assertThat(root.parentSpanId()).isEqualTo(ids.group(2));
  }

  @Test
  void generationsStayUnderRoot() {
    ReceivedSpan root = named("Assistant.answer");

    assertThat(spans).as(spans.toString()).hasSize(3);
    assertThat(spans)
        .filteredOn(span -> span != root)
        .allSatisfy(span -> assertThat(span.parentSpanId()).isEqualTo(root.spanId()))
        .allSatisfy(span -> assertThat(span.traceId()).isEqualTo(root.traceId()));
  }

  private ReceivedSpan named(String name) {
    List<ReceivedSpan> matching = spans.stream().filter(span -> span.name().equals(name)).toList();
    assertThat(matching).as("spans named " + name + " among " + spans).hasSize(1);
    return matching.get(0);
  }
}
