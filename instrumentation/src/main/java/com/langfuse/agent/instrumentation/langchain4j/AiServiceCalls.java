package com.langfuse.agent.instrumentation.langchain4j;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.Tracer;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
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
 * <p>A method that returns a {@code TokenStream} keeps its span open until the stream completes
 * or fails (see {@link TracedTokenStream}). NOTE: a method that returns another streaming type,
 * such as a Reactor {@code Flux}, ends its span when it returns, before the stream starts.
 */
final class AiServiceCalls {

  /** The AI Service spans in progress, found by span when a model call starts under one. */
  private static final Map<SpanData, AiServiceCall> OPEN = new ConcurrentHashMap<>();

  private static final String CHAT_MEMORY_ACCESS =
      "dev.langchain4j.service.memory.ChatMemoryAccess";

  private AiServiceCalls() {}

  /**
   * Starts the span of an AI Service method call, or returns null for calls that are not requests
   * to the model: default methods, {@code Object} methods and chat memory access.
   */
  static AiServiceCall start(Object[] invocation) {
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

  /** Forgets the span of an AI Service call that ended. */
  static void remove(SpanData span) {
    OPEN.remove(span);
  }
}
