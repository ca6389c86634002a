package com.langfuse.agent.instrumentation.springai;

import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.Tracer;
import org.springframework.ai.tool.ToolCallback;

/**
 * The {@code tool} span of one Spring AI tool execution: named after the tool, with the arguments
 * as input and the result as output, and current while the tool runs. During a stream, Spring AI
 * runs tools on a Reactor scheduler, where {@link ObservedFlux}'s schedule hook makes the chat
 * model span current.
 */
final class ToolSpans {

  private ToolSpans() {}

  static Object start(Object callback, String arguments) {
    String name = ((ToolCallback) callback).getToolDefinition().name();
    SpanData span = Tracer.startSpan(name, LangfuseAttributes.TYPE_TOOL, SpanData.KIND_INTERNAL);
    if (arguments != null) {
      span.setAttribute(LangfuseAttributes.OBSERVATION_INPUT, arguments);
    }
    return new ToolCall(span, CurrentSpan.makeCurrent(span));
  }

  static void end(Object state, String result, Throwable thrown) {
    ToolCall call = (ToolCall) state;
    call.scope.close();
    try {
      if (thrown != null) {
        SpringAiSpans.recordError(call.span, thrown);
      } else if (result != null) {
        call.span.setAttribute(LangfuseAttributes.OBSERVATION_OUTPUT, result);
      }
    } finally {
      call.span.end();
    }
  }

  /** A tool execution in progress. */
  private static final class ToolCall {
    final SpanData span;
    final CurrentSpan.Scope scope;

    ToolCall(SpanData span, CurrentSpan.Scope scope) {
      this.span = span;
      this.scope = scope;
    }
  }
}
