package com.langfuse.agent.instrumentation.langchain4j;

import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.Tracer;
import com.langfuse.agent.instrumentation.roots.JsonValues;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.service.Result;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Traces a call of an AI Service method as a span of type {@code chain}, or {@code agent} once a
 * model call inside it offers tools. The span is current while the method runs, so each model
 * round trip and each tool execution inside it is a child.
 *
 * <p>The AI Service builds the user message from a template inside the call, so the span's input
 * is taken from the first model request made under it: the text of its last user message. The
 * output is the method's return value.
 *
 * <p>NOTE: a method that returns a {@code TokenStream} (or another streaming type) ends its span
 * when it returns, before the stream starts, so the streamed model calls are not its children.
 */
final class AiServiceCalls {

  /** The AI Service spans in progress, found by span when a model call starts under one. */
  private static final Map<SpanData, AiServiceCall> OPEN = new ConcurrentHashMap<>();

  /** Largest length of a return value that is not a String, rendered as JSON. */
  private static final int MAX_OUTPUT_CHARS = 65_536;

  private static final String CHAT_MEMORY_ACCESS =
      "dev.langchain4j.service.memory.ChatMemoryAccess";

  private AiServiceCalls() {}

  /**
   * Starts the span of an AI Service method call, or returns null for calls that are not requests
   * to the model: default methods, {@code Object} methods and chat memory access.
   */
  static TracedCall start(Object[] invocation) {
    Method method = (Method) invocation[0];
    Class<?> declaring = method.getDeclaringClass();
    if (method.isDefault()
        || declaring == Object.class
        || declaring.getName().equals(CHAT_MEMORY_ACCESS)) {
      return null;
    }
    String name = declaring.getSimpleName() + "." + method.getName();
    SpanData span = Tracer.startSpan(name, LangfuseAttributes.TYPE_CHAIN, SpanData.KIND_INTERNAL);
    span.setAttribute("code.function.name", declaring.getName() + "." + method.getName());
    AiServiceCall call = new AiServiceCall(span);
    OPEN.put(span, call);
    return call;
  }

  /**
   * Called when a model call starts under {@code current}: when that is an AI Service span, sets
   * its input from the request and marks it an agent when the request offers tools.
   */
  static void onModelCall(
      SpanData current, ChatRequest request, ChatRequestParameters parameters) {
    AiServiceCall call = current == null ? null : OPEN.get(current);
    if (call == null) {
      return;
    }
    call.onModelCall(request.messages(), parameters);
  }

  /** One AI Service method call in progress. */
  private static final class AiServiceCall implements TracedCall {
    private final SpanData span;
    private final CurrentSpan.Scope scope;
    private boolean inputSet;

    AiServiceCall(SpanData span) {
      this.span = span;
      this.scope = CurrentSpan.makeCurrent(span);
    }

    synchronized void onModelCall(List<ChatMessage> messages, ChatRequestParameters parameters) {
      if (!inputSet) {
        inputSet = true;
        String text = ChatMessages.lastUserText(messages);
        if (text != null) {
          span.setAttribute(
              LangfuseAttributes.OBSERVATION_INPUT, new JsonText().string(text).toString());
        }
      }
      if (parameters != null
          && parameters.toolSpecifications() != null
          && !parameters.toolSpecifications().isEmpty()) {
        span.setAttribute(LangfuseAttributes.OBSERVATION_TYPE, LangfuseAttributes.TYPE_AGENT);
      }
    }

    @Override
    public void exit(Object returned, Throwable thrown) {
      scope.close();
      OPEN.remove(span);
      try {
        if (thrown != null) {
          GenerationSpans.recordError(span, thrown);
        } else {
          span.setAttribute(LangfuseAttributes.OBSERVATION_OUTPUT, output(returned));
        }
      } catch (Throwable t) {
        GenerationSpans.logCaptureFailure("reading the AI Service result", t);
      } finally {
        span.end();
      }
    }

    private static String output(Object returned) {
      Object value = returned instanceof Result ? ((Result<?>) returned).content() : returned;
      if (value instanceof String) {
        return new JsonText().string((String) value).toString();
      }
      return JsonValues.value(value, MAX_OUTPUT_CHARS);
    }
  }
}
