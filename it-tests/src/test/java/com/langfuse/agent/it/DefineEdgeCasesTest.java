package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.DefineEdgeCasesApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link DefineEdgeCasesApp} calls {@code defineClass} with a null or slashed name, bad bounds,
 * buffers of each kind and a duplicate definition. With the agent's hook in place the application
 * must see the same classes and the same exceptions as without the agent, and each class defined
 * must be traced once.
 */
class DefineEdgeCasesTest {

  private static final String PUBLIC_KEY = "pk-lf-it-public";
  private static final String SECRET_KEY = "sk-lf-it-secret-never-logged";
  private static final List<String> DEFINED_CASES =
      List.of("null name", "read-only heap buffer", "sliced direct buffer");

  @Test
  void edgeCasesMatchRunWithoutAgent() throws Exception {
    assertSameAsWithoutAgent(new ChildJvm(), new ChildJvm().withoutAgent());
  }

  @Test
  void edgeCasesMatchRunWithoutAgentOnJava25() throws Exception {
    assertSameAsWithoutAgent(ChildJvm.onJava25(), ChildJvm.onJava25().withoutAgent());
  }

  private static void assertSameAsWithoutAgent(ChildJvm withAgent, ChildJvm withoutAgent)
      throws Exception {
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result plain =
          configured(withoutAgent, provider, receiver).run(DefineEdgeCasesApp.class);
      assertThat(plain.exitCode()).as(plain.toString()).isZero();
      assertThat(receiver.spans()).isEmpty();

      ChildJvm.Result traced =
          configured(withAgent, provider, receiver).run(DefineEdgeCasesApp.class);
      List<ReceivedSpan> spans =
          receiver.awaitSpans(2 * DEFINED_CASES.size(), Duration.ofSeconds(30));

      assertThat(traced.exitCode()).as(traced.toString()).isZero();
      assertThat(traced.stderr()).contains("class definitions hooked");
      assertThat(traced.stdout()).isEqualTo(plain.stdout());
      for (String name : DEFINED_CASES) {
        assertThat(plain.stdout()).contains(name + ": defined example.defined.Asker");
        List<ReceivedSpan> methods =
            spans.stream()
                .filter(span -> span.name().equals("Asker.ask"))
                .filter(
                    span -> String.valueOf(span.attr("langfuse.observation.input")).contains(name))
                .collect(Collectors.toList());
        assertThat(methods).as(name + " in " + spans).hasSize(1);
        List<ReceivedSpan> children =
            spans.stream()
                .filter(span -> methods.get(0).spanId().equals(span.parentSpanId()))
                .collect(Collectors.toList());
        assertThat(children).as(name + " in " + spans).hasSize(1);
      }
      assertThat(spans).as(spans.toString()).hasSize(2 * DEFINED_CASES.size());
    }
  }

  private static ChildJvm configured(
      ChildJvm jvm, FakeLlmProvider provider, OtlpReceiver receiver) {
    return jvm.env("OPENAI_BASE_URL", provider.openAiBaseUrl())
        .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
        .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
        .env("LANGFUSE_BASE_URL", receiver.baseUrl())
        .env("LANGFUSE_FLUSH_INTERVAL", "0.2")
        .env("LANGFUSE_DEBUG", "true")
        .env("LANGFUSE_TRACE_METHODS", "example.defined.Asker#ask");
  }
}
