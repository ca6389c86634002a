package com.langfuse.agent.instrumentation.methods;

import com.langfuse.agent.bootstrap.bridge.CallHandler;
import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.roots.JsonValues;
import com.langfuse.agent.instrumentation.roots.RootSpans;

/**
 * Wraps a method named in {@code LANGFUSE_TRACE_METHODS} in a span: a child of the current span, or
 * a trace root when there is none. The span is current while the method runs, its input is the
 * arguments and its output the return value, both as JSON capped at {@link JsonValues#MAX_CHARS}
 * characters. A method that throws marks the span ERROR; the exception reaches the caller as is.
 *
 * <p>The advice passes the declaring class as {@code self} and {@code {methodName, arguments}} as
 * the arguments. Arguments are rendered on the calling thread at entry, because the application
 * may change them afterwards.
 */
public final class MethodSpanHandler implements CallHandler {

  public MethodSpanHandler() {}

  @Override
  public Object onEnter(int operation, Object self, Object arguments) {
    Class<?> type = (Class<?>) self;
    Object[] call = (Object[]) arguments;
    String method = (String) call[0];
    Object[] values = (Object[]) call[1];

    SpanData span =
        RootSpans.start(type.getSimpleName() + "." + method, SpanData.KIND_INTERNAL, type);
    span.setAttribute("code.function.name", type.getName() + "." + method);
    if (values != null) {
      span.setAttribute(
          LangfuseAttributes.OBSERVATION_INPUT, JsonValues.array(values, JsonValues.MAX_CHARS));
    }
    return new MethodCall(span, CurrentSpan.makeCurrent(span));
  }

  @Override
  public Object onExit(Object state, int operation, Object returned, Throwable thrown) {
    MethodCall call = (MethodCall) state;
    call.scope.close();
    try {
      if (thrown != null) {
        call.span.recordError(thrown.getClass().getName() + ": " + thrown.getMessage());
      } else {
        String output = JsonValues.value(returned, JsonValues.MAX_CHARS);
        call.span.setAttribute(LangfuseAttributes.OBSERVATION_OUTPUT, output);
      }
    } finally {
      call.span.end();
    }
    return returned;
  }

  /** A traced method call in progress. */
  private static final class MethodCall {
    final SpanData span;
    final CurrentSpan.Scope scope;

    MethodCall(SpanData span, CurrentSpan.Scope scope) {
      this.span = span;
      this.scope = scope;
    }
  }
}
