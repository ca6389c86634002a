package com.langfuse.agent.instrumentation.langchain4j;

import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.roots.JsonValues;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.TokenStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** One AI Service method call in progress; see {@link AiServiceCalls}. */
final class AiServiceCall {

  /** Largest length of a return value that is not a String, rendered as JSON. */
  private static final int MAX_OUTPUT_CHARS = 65_536;

  private final SpanData span;
  private final CurrentSpan.Scope scope;
  private final AtomicBoolean ended = new AtomicBoolean();
  private boolean inputSet;

  AiServiceCall(SpanData span) {
    this.span = span;
    this.scope = CurrentSpan.makeCurrent(span);
  }

  SpanData span() {
    return span;
  }

  /** Sets the input from the first model request, and marks the span an agent when it has tools. */
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

  /**
   * Records how the method ended and returns what it returns to the application: its own result,
   * or, for a {@code TokenStream}, a proxy that ends the span when the stream ends.
   */
  Object exit(Object returned, Throwable thrown) {
    scope.close();
    if (thrown == null && returned instanceof TokenStream) {
      Object traced = TracedTokenStream.wrap((TokenStream) returned, this);
      if (traced != returned) {
        return traced;
      }
    }
    if (thrown != null) {
      fail(thrown);
    } else {
      complete(returned);
    }
    return returned;
  }

  /** Ends the span with {@code result} as its output: a return value or a final ChatResponse. */
  void complete(Object result) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    try {
      span.setAttribute(LangfuseAttributes.OBSERVATION_OUTPUT, output(result));
    } catch (Throwable t) {
      GenerationSpans.logCaptureFailure("reading the AI Service result", t);
    } finally {
      end();
    }
  }

  void fail(Throwable error) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    try {
      GenerationSpans.recordError(span, error);
    } finally {
      end();
    }
  }

  private void end() {
    AiServiceCalls.remove(span);
    span.end();
  }

  private static String output(Object returned) {
    Object value = returned;
    if (value instanceof Result) {
      value = ((Result<?>) value).content();
    } else if (value instanceof ChatResponse && ((ChatResponse) value).aiMessage() != null) {
      value = ((ChatResponse) value).aiMessage().text();
    }
    if (value instanceof String) {
      return new JsonText().string((String) value).toString();
    }
    return JsonValues.value(value, MAX_OUTPUT_CHARS);
  }
}
