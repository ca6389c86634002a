package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.OpenAiScenarioApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The child side of trace propagation: an application started with TRACEPARENT, TRACESTATE and
 * BAGGAGE in its environment, as a traced parent process would start it, makes one OpenAI call.
 */
class ProcessTraceparentTest {

  private static final String PUBLIC_KEY = "pk-lf-it-public";
  private static final String SECRET_KEY = "sk-lf-it-secret-never-logged";
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

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
  void unsampledParentLeavesTraceOut() throws Exception {
    ChildJvm.Result result =
        agentJvm()
            .env("TRACEPARENT", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-00")
            .run(OpenAiScenarioApp.class, "chat-basic");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stderr()).contains("sampled_out=1");
    assertThat(receiver.spans()).isEmpty();
  }

  @Test
  void generationContinuesInheritedTrace() throws Exception {
    ChildJvm.Result result =
        agentJvm()
            .env("TRACEPARENT", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01")
            .env("TRACESTATE", "vendor=1")
            .env("BAGGAGE", "langfuse_user_id=user%207,langfuse_session_id=s-9")
            .run(OpenAiScenarioApp.class, "chat-basic");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    ReceivedSpan generation = onlySpan();
    assertThat(generation.traceId()).isEqualTo(TRACE_ID);
    assertThat(generation.parentSpanId()).isEqualTo(PARENT_SPAN_ID);
    assertThat(generation.attr("langfuse.user.id")).isEqualTo("user 7");
    assertThat(generation.attr("langfuse.session.id")).isEqualTo("s-9");
    assertThat(warnLines(result)).isEmpty();
  }

  @Test
  void invalidTraceparentWarnsOnceAndIsIgnored() throws Exception {
    ChildJvm.Result result =
        agentJvm()
            .env("TRACEPARENT", "00-" + TRACE_ID.toUpperCase() + "-" + PARENT_SPAN_ID + "-01")
            .run(OpenAiScenarioApp.class, "chat-basic");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(warnLines(result)).hasSize(1);
    assertThat(warnLines(result).get(0)).contains("TRACEPARENT=00-" + TRACE_ID.toUpperCase());
    ReceivedSpan generation = onlySpan();
    assertThat(generation.parentSpanId()).isNullOrEmpty();
    assertThat(generation.traceId()).isNotEqualTo(TRACE_ID);
  }

  private ChildJvm agentJvm() {
    return new ChildJvm()
        .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
        .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
        .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
        .env("LANGFUSE_BASE_URL", receiver.baseUrl())
        .env("LANGFUSE_FLUSH_INTERVAL", "0.2");
  }

  private ReceivedSpan onlySpan() {
    List<ReceivedSpan> spans = receiver.awaitSpans(1, Duration.ofSeconds(30));
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  private static List<String> warnLines(ChildJvm.Result result) {
    return Arrays.stream(result.stderr().split("\n"))
        .filter(line -> line.startsWith("[langfuse-agent] WARN"))
        .collect(Collectors.toList());
  }
}
