package com.langfuse.agent.internal.context;

import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.SpanStartListener;
import com.langfuse.agent.bootstrap.trace.TraceIdentity;

/**
 * Gives a span the user id and session id of its parent where its own thread's logging context
 * set none. An LLM call on an executor thread thus carries the ids that its request span took
 * from the request thread's MDC or from the request headers.
 *
 * <p>Registered after {@link LoggingContextListener}, so a value in the starting thread's logging
 * context wins over the parent's. The parent is the current span when it is the new span's parent,
 * which is the case for every span this agent starts under a span of its own.
 */
public final class ParentIdentityListener implements SpanStartListener {

  @Override
  public void onStart(SpanData span) {
    String parentId = span.parentSpanId();
    SpanData current = CurrentSpan.get();
    if (parentId == null || current == null || !parentId.equals(current.spanId())) {
      return;
    }
    TraceIdentity.inherit(span, current);
  }
}
