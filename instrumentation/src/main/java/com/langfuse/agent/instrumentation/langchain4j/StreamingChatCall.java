package com.langfuse.agent.instrumentation.langchain4j;

import com.langfuse.agent.bootstrap.trace.AgentClock;
import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@code StreamingChatModel.chat} call: one generation that ends when the provider calls the
 * response handler's {@code onCompleteResponse} or {@code onError}, usually on the provider's own
 * HTTP thread, or when {@code chat} itself throws.
 *
 * <p>NOTE: a provider that never calls either method leaves the span open, and it is never
 * exported.
 */
final class StreamingChatCall implements TracedCall {

  private final SpanData span;
  private final SpanData parent;
  private final CurrentSpan.Scope scope;
  private final AtomicLong firstTokenEpochNanos = new AtomicLong();
  private final AtomicBoolean ended = new AtomicBoolean();

  private StreamingChatCall(SpanData span, SpanData parent) {
    this.span = span;
    this.parent = parent;
    this.scope = CurrentSpan.makeCurrent(span);
  }

  /**
   * Starts the generation and replaces the handler in {@code arguments[1]} with one that observes
   * the stream and passes every callback on.
   */
  static StreamingChatCall start(Object model, Object[] arguments) {
    SpanData parent = CurrentSpan.get();
    SpanData span = ChatCall.startGeneration(model, (ChatRequest) arguments[0]);
    StreamingChatCall call = new StreamingChatCall(span, parent);
    Object handler = arguments[1];
    if (handler != null) {
      arguments[1] = StreamObserver.wrap(handler, call);
    }
    return call;
  }

  /** Returns the span that was current when the call started, or null. */
  SpanData parent() {
    return parent;
  }

  @Override
  public void exit(Object returned, Throwable thrown) {
    scope.close();
    if (thrown != null) {
      fail(thrown);
    }
  }

  /** Records the arrival of streamed content: a text, thinking or tool call fragment. */
  void onContent() {
    firstTokenEpochNanos.compareAndSet(0, AgentClock.nowEpochNanos());
  }

  void complete(ChatResponse response) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    try {
      recordCompletionStart();
      if (response != null) {
        ChatResponses.record(span, response);
      }
    } catch (Throwable t) {
      GenerationSpans.logCaptureFailure("reading the streamed chat response", t);
    } finally {
      span.end();
    }
  }

  void fail(Throwable error) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    try {
      recordCompletionStart();
      GenerationSpans.recordError(span, error);
    } finally {
      span.end();
    }
  }

  private void recordCompletionStart() {
    GenAiSpans.recordCompletionStart(span, firstTokenEpochNanos.get());
  }
}
