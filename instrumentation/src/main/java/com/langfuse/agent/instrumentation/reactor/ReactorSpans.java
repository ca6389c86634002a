package com.langfuse.agent.instrumentation.reactor;

import com.langfuse.agent.bootstrap.trace.SpanData;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/** Where a subscription keeps its span: an entry of the Reactor subscriber context. */
public final class ReactorSpans {

  /**
   * The context key of the span. A string, not a class, so that the helper copies of several
   * class loaders that serve one pipeline find each other's entries.
   */
  public static final String CONTEXT_KEY = "com.langfuse.agent.span";

  private ReactorSpans() {}

  /** Returns the span stored in {@code context}, or null. */
  public static SpanData spanOf(ContextView context) {
    Object value = context.getOrDefault(CONTEXT_KEY, null);
    return value instanceof SpanData ? (SpanData) value : null;
  }

  /** Returns {@code context} with {@code span} stored in it. */
  public static Context withSpan(Context context, SpanData span) {
    return context.put(CONTEXT_KEY, span);
  }
}
