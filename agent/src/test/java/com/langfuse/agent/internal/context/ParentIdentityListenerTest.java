package com.langfuse.agent.internal.context;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Runs the listeners in the order the agent registers them: logging context, then parent. */
class ParentIdentityListenerTest {

  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

  private final LoggingContextListener logging =
      new LoggingContextListener("userId", "sessionId", type -> true);
  private final ParentIdentityListener parentIds = new ParentIdentityListener();

  @AfterEach
  void clearMdc() {
    MDC.clear();
  }

  @Test
  void childInheritsParentIds() {
    SpanData parent = parentWithIds();
    SpanData child = SpanData.forTest(TRACE_ID, "00f067aa0ba902b7", parent.spanId(), "chat", 2);

    start(child, parent);

    assertThat(child.attribute(LangfuseAttributes.USER_ID)).isEqualTo("parent-user");
    assertThat(child.attribute(LangfuseAttributes.SESSION_ID)).isEqualTo("parent-session");
  }

  @Test
  void threadMdcWinsOverParent() {
    SpanData parent = parentWithIds();
    SpanData child = SpanData.forTest(TRACE_ID, "00f067aa0ba902b7", parent.spanId(), "chat", 2);
    MDC.put("userId", "mdc-user");

    start(child, parent);

    assertThat(child.attribute(LangfuseAttributes.USER_ID)).isEqualTo("mdc-user");
    assertThat(child.attribute(LangfuseAttributes.SESSION_ID)).isEqualTo("parent-session");
  }

  @Test
  void currentSpanNotParentIsIgnored() {
    SpanData current = parentWithIds();
    SpanData other = SpanData.forTest(TRACE_ID, "00f067aa0ba902b7", "1111111111111111", "chat", 2);

    start(other, current);

    assertThat(other.attributeCount()).isZero();
  }

  @Test
  void rootSpanGetsNothing() {
    SpanData root = SpanData.forTest(TRACE_ID, "00f067aa0ba902b7", null, "chat", 2);

    start(root, null);

    assertThat(root.attributeCount()).isZero();
  }

  private void start(SpanData span, SpanData current) {
    try (CurrentSpan.Scope ignored = CurrentSpan.makeCurrent(current)) {
      logging.onStart(span);
      parentIds.onStart(span);
    }
  }

  private static SpanData parentWithIds() {
    SpanData parent = SpanData.forTest(TRACE_ID, "b7ad6b7169203331", null, "request", 1);
    parent.setAttribute(LangfuseAttributes.USER_ID, "parent-user");
    parent.setAttribute(LangfuseAttributes.SESSION_ID, "parent-session");
    return parent;
  }
}
