package com.langfuse.agent.instrumentation.langchain4j;

import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.Tracer;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.service.tool.ToolExecutionResult;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One tool execution by an AI Service: a span of type {@code tool} named after the tool, with the
 * arguments the model sent as input and the result text as output. It is current while the tool
 * runs, so model calls the tool makes are its children.
 */
final class ToolCall implements TracedCall {

  /**
   * The tool spans in progress and their requests. A second traced layer running the same request
   * inside one of them (the tool service calling {@code DefaultToolExecutor.execute}) is not
   * traced again.
   */
  private static final Map<SpanData, ToolExecutionRequest> OPEN = new ConcurrentHashMap<>();

  private final SpanData span;
  private final CurrentSpan.Scope scope;

  private ToolCall(SpanData span) {
    this.span = span;
    this.scope = CurrentSpan.makeCurrent(span);
  }

  /** Starts the span of a tool execution, or returns null when one already covers it. */
  static ToolCall start(Object request) {
    ToolExecutionRequest toolRequest = (ToolExecutionRequest) request;
    SpanData current = CurrentSpan.get();
    if (current != null && OPEN.get(current) == toolRequest) {
      return null;
    }
    String name = toolRequest.name() == null ? "tool" : toolRequest.name();
    SpanData span = Tracer.startSpan(name, LangfuseAttributes.TYPE_TOOL, SpanData.KIND_INTERNAL);
    span.setAttribute(LangfuseAttributes.GEN_AI_OPERATION_NAME, "execute_tool");
    span.setAttribute("gen_ai.tool.name", name);
    if (toolRequest.id() != null) {
      span.setAttribute("gen_ai.tool.call.id", toolRequest.id());
    }
    String arguments = toolRequest.arguments();
    if (arguments != null) {
      span.setAttribute(LangfuseAttributes.OBSERVATION_INPUT, arguments);
    }
    OPEN.put(span, toolRequest);
    return new ToolCall(span);
  }

  @Override
  public void exit(Object returned, Throwable thrown) {
    scope.close();
    OPEN.remove(span);
    try {
      if (thrown != null) {
        GenerationSpans.recordError(span, thrown);
      } else if (returned instanceof String) {
        String output = new JsonText().string((String) returned).toString();
        span.setAttribute(LangfuseAttributes.OBSERVATION_OUTPUT, output);
      } else if (returned instanceof ToolExecutionResult) {
        ToolExecutionResult result = (ToolExecutionResult) returned;
        String text = result.resultText();
        if (text != null) {
          span.setAttribute(
              LangfuseAttributes.OBSERVATION_OUTPUT, new JsonText().string(text).toString());
        }
        if (result.isError()) {
          span.recordError("the tool failed: " + text);
        }
      }
    } catch (Throwable t) {
      GenerationSpans.logCaptureFailure("reading the tool result", t);
    } finally {
      span.end();
    }
  }
}
