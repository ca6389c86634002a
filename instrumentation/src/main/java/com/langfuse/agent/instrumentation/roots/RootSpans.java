package com.langfuse.agent.instrumentation.roots;

import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.Tracer;

/**
 * Starts spans that may begin a trace: an inbound request or a method named in {@code
 * LANGFUSE_TRACE_METHODS}.
 *
 * <p>The parent is, in order: the current span of this agent; the application's active
 * OpenTelemetry span, whose trace id the new span takes; none, for a new trace. A span without a
 * parent of this agent counts as a root, also when it has an OpenTelemetry parent.
 */
public final class RootSpans {

  private RootSpans() {}

  /**
   * Starts a span of observation type {@code span}. {@code contextClass} is an application class
   * whose class loader is asked for the active OpenTelemetry span.
   */
  public static SpanData start(String name, int kind, Class<?> contextClass) {
    SpanData parent = CurrentSpan.get();
    if (parent != null) {
      return Tracer.startSpan(name, LangfuseAttributes.TYPE_SPAN, kind, parent);
    }
    String[] otel = OtelParent.activeSpan(contextClass);
    SpanData root =
        otel == null
            ? Tracer.startSpan(name, LangfuseAttributes.TYPE_SPAN, kind, null)
            : Tracer.startSpan(name, LangfuseAttributes.TYPE_SPAN, kind, otel[0], otel[1]);
    root.setAttribute(LangfuseAttributes.TRACE_NAME, name);
    return root;
  }

  /** Returns whether {@code span} was started by {@link #start} as the first span of this agent. */
  public static boolean isRoot(SpanData span) {
    return span.attribute(LangfuseAttributes.TRACE_NAME) != null;
  }
}
