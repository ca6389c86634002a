package com.langfuse.agent.instrumentation.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.RemoteParent;
import com.langfuse.agent.bootstrap.trace.SpanData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceContextEnvironmentTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String INHERITED = "00-" + TRACE_ID + "-00f067aa0ba902b7-00";

  private final Map<String, String> environment = new HashMap<>();
  private final SpanData span = SpanData.forTest(TRACE_ID, "1111111111111111", null, "java", 1L);

  @Test
  void injectSetsTraceparentOfSpan() {
    TraceContextEnvironment.inject(environment, span, null, null, null);

    assertThat(environment).containsEntry("TRACEPARENT", "00-" + TRACE_ID + "-1111111111111111-01");
    assertThat(environment).doesNotContainKeys("TRACESTATE", "BAGGAGE");
  }

  @Test
  void inheritedTraceparentIsReplaced() {
    environment.put("TRACEPARENT", INHERITED);
    environment.put("TRACESTATE", "vendor=old");

    TraceContextEnvironment change =
        TraceContextEnvironment.inject(environment, span, null, null, INHERITED);

    assertThat(change).isNotNull();
    assertThat(environment.get("TRACEPARENT")).contains("-1111111111111111-");
    assertThat(environment).doesNotContainKey("TRACESTATE");
  }

  @Test
  void explicitTraceparentIsLeftAlone() {
    String explicit = "00-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-bbbbbbbbbbbbbbbb-01";
    environment.put("TRACEPARENT", explicit);

    TraceContextEnvironment change =
        TraceContextEnvironment.inject(environment, span, null, null, INHERITED);

    assertThat(change).isNull();
    assertThat(environment).containsEntry("TRACEPARENT", explicit);
  }

  @Test
  void remoteFlagsAndStateArePassedOn() {
    RemoteParent remote =
        RemoteParent.read(
            Map.of("TRACEPARENT", INHERITED, "TRACESTATE", "vendor=1")::get, new ArrayList<>());

    TraceContextEnvironment.inject(environment, span, null, remote, INHERITED);

    assertThat(environment.get("TRACEPARENT")).endsWith("-00");
    assertThat(environment).containsEntry("TRACESTATE", "vendor=1");
  }

  @Test
  void baggageCarriesSessionAndUserOfParent() {
    SpanData parent = SpanData.forTest(TRACE_ID, "2222222222222222", null, "agent", 1L);
    parent.setAttribute(LangfuseAttributes.SESSION_ID, "session 1");
    parent.setAttribute(LangfuseAttributes.USER_ID, "user-1");
    environment.put("BAGGAGE", "team=core");

    TraceContextEnvironment.inject(environment, span, parent, null, null);

    assertThat(environment)
        .containsEntry(
            "BAGGAGE", "team=core,langfuse_session_id=session%201,langfuse_user_id=user-1");
  }

  @Test
  void restorePutsPreviousValuesBack() {
    environment.put("TRACEPARENT", INHERITED);
    environment.put("TRACESTATE", "vendor=old");

    TraceContextEnvironment change =
        TraceContextEnvironment.inject(environment, span, null, null, INHERITED);
    change.restore();

    assertThat(environment).containsEntry("TRACEPARENT", INHERITED);
    assertThat(environment).containsEntry("TRACESTATE", "vendor=old");
    assertThat(environment).doesNotContainKey("BAGGAGE");
  }
}
