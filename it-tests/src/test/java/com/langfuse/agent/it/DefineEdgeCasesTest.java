package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.DefineEdgeCasesApp;
import com.langfuse.agent.it.support.AskerRuns;
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
        OtlpReceiver receiver =
            new OtlpReceiver(AskerRuns.PUBLIC_KEY, AskerRuns.SECRET_KEY).start()) {
      ChildJvm.Result plain =
          AskerRuns.traced(withoutAgent, provider, receiver, AskerRuns.DEFINED_ASKER)
              .run(DefineEdgeCasesApp.class);
      assertThat(plain.exitCode()).as(plain.toString()).isZero();
      assertThat(receiver.spans()).isEmpty();

      ChildJvm.Result traced =
          AskerRuns.traced(withAgent, provider, receiver, AskerRuns.DEFINED_ASKER)
              .run(DefineEdgeCasesApp.class);
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
}
