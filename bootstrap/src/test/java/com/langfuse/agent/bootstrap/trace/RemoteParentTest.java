package com.langfuse.agent.bootstrap.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoteParentTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN_ID = "00f067aa0ba902b7";
  private static final String VALID = "00-" + TRACE_ID + "-" + SPAN_ID + "-01";

  private final Map<String, String> environment = new HashMap<>();
  private final List<String> problems = new ArrayList<>();

  @Test
  void validTraceparentIsRead() {
    environment.put("TRACEPARENT", VALID);

    RemoteParent parent = RemoteParent.read(environment::get, problems);

    assertThat(parent).isNotNull();
    assertThat(parent.traceId()).isEqualTo(TRACE_ID);
    assertThat(parent.spanId()).isEqualTo(SPAN_ID);
    assertThat(parent.traceFlags()).isEqualTo("01");
    assertThat(parent.traceState()).isNull();
    assertThat(problems).isEmpty();
  }

  @Test
  void unsampledFlagsAreKept() {
    environment.put("TRACEPARENT", "00-" + TRACE_ID + "-" + SPAN_ID + "-00");

    RemoteParent parent = RemoteParent.read(environment::get, problems);

    assertThat(parent.traceFlags()).isEqualTo("00");
  }

  @Test
  void missingTraceparentGivesNoParentAndNoWarning() {
    environment.put("TRACESTATE", "vendor=1");

    assertThat(RemoteParent.read(environment::get, problems)).isNull();
    assertThat(problems).isEmpty();
  }

  @Test
  void invalidTraceparentsGiveOneWarningEach() {
    String[] invalid = {
      "01-" + TRACE_ID + "-" + SPAN_ID + "-01",
      "00-" + TRACE_ID.toUpperCase() + "-" + SPAN_ID + "-01",
      "00-00000000000000000000000000000000-" + SPAN_ID + "-01",
      "00-" + TRACE_ID + "-0000000000000000-01",
      "00-" + TRACE_ID + "-" + SPAN_ID,
      "00-" + TRACE_ID + "-" + SPAN_ID + "-01-extra",
      "00_" + TRACE_ID + "_" + SPAN_ID + "_01",
      "00-" + TRACE_ID + "-" + SPAN_ID + "-0g",
      "garbage",
    };
    for (String value : invalid) {
      problems.clear();
      environment.put("TRACEPARENT", value);

      assertThat(RemoteParent.read(environment::get, problems)).as(value).isNull();
      assertThat(problems).as(value).hasSize(1);
      assertThat(problems.get(0)).as(value).startsWith("TRACEPARENT=");
    }
  }

  @Test
  void tracestateIsKeptOpaque() {
    environment.put("TRACEPARENT", VALID);
    environment.put("TRACESTATE", " congo=t61rcWkgMzE,rojo=00f067aa0ba902b7 ");

    RemoteParent parent = RemoteParent.read(environment::get, problems);

    assertThat(parent.traceState()).isEqualTo("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
  }

  @Test
  void oversizedTracestateIsDroppedWithWarning() {
    environment.put("TRACEPARENT", VALID);
    environment.put("TRACESTATE", "a=" + "x".repeat(9000));

    RemoteParent parent = RemoteParent.read(environment::get, problems);

    assertThat(parent).isNotNull();
    assertThat(parent.traceState()).isNull();
    assertThat(problems).singleElement().asString().startsWith("TRACESTATE ");
  }

  @Test
  void baggageCarriesLangfuseIds() {
    environment.put("TRACEPARENT", VALID);
    environment.put("BAGGAGE", "langfuse_session_id=chat%2042,other=1;prop,langfuse_user_id=u-7");

    RemoteParent parent = RemoteParent.read(environment::get, problems);

    assertThat(parent.sessionId()).isEqualTo("chat 42");
    assertThat(parent.userId()).isEqualTo("u-7");
    assertThat(parent.baggage()).containsKeys("other");
  }

  @Test
  void warningDoesNotEchoLongValues() {
    environment.put("TRACEPARENT", "y".repeat(500));

    RemoteParent.read(environment::get, problems);

    assertThat(problems.get(0)).hasSizeLessThan(300);
  }
}
