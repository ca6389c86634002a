package com.langfuse.agent.instrumentation.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.SpanSink;
import com.langfuse.agent.bootstrap.trace.Tracer;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamObserverTest {

  private final List<SpanData> ended = new CopyOnWriteArrayList<>();

  @BeforeEach
  void collectSpans() {
    Tracer.setSink(ended::add);
  }

  @AfterEach
  void discardSpans() {
    Tracer.setSink(SpanSink.DISCARD);
  }

  @Test
  void callbacksReachApplicationHandler() {
    RecordingHandler handler = new RecordingHandler();
    StreamingChatResponseHandler proxy = start(handler);

    proxy.onPartialResponse("Hel");
    proxy.onPartialResponse("lo");
    proxy.onCompleteResponse(response("Hello"));

    assertThat(handler.events).containsExactly("partial Hel", "partial lo", "complete Hello");
  }

  @Test
  void completionEndsSpanOnce() {
    StreamingChatResponseHandler proxy = start(new RecordingHandler());

    proxy.onPartialResponse("Hi");
    proxy.onCompleteResponse(response("Hi"));
    proxy.onError(new IllegalStateException("late"));

    assertThat(ended).hasSize(1);
    SpanData span = ended.get(0);
    assertThat(span.statusCode()).isEqualTo(SpanData.STATUS_UNSET);
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_COMPLETION_START_TIME)).isNotNull();
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS))
        .isEqualTo("{\"input\":3,\"output\":1,\"total\":4}");
  }

  @Test
  void errorMarksSpanFailed() {
    StreamingChatResponseHandler proxy = start(new RecordingHandler());

    proxy.onError(new IllegalStateException("connection reset"));

    assertThat(ended).hasSize(1);
    assertThat(ended.get(0).statusMessage())
        .isEqualTo("java.lang.IllegalStateException: connection reset");
  }

  @Test
  void handlerExceptionReachesCaller() {
    RecordingHandler handler = new RecordingHandler();
    handler.failOnPartial = new IllegalArgumentException("bad token");
    StreamingChatResponseHandler proxy = start(handler);

    assertThatThrownBy(() -> proxy.onPartialResponse("x")).isSameAs(handler.failOnPartial);
  }

  @Test
  void parentCurrentDuringCallbacks() {
    SpanData parent =
        Tracer.startSpan("parent", LangfuseAttributes.TYPE_SPAN, SpanData.KIND_INTERNAL);
    RecordingHandler handler = new RecordingHandler();
    StreamingChatResponseHandler proxy;
    try (CurrentSpan.Scope scope = CurrentSpan.makeCurrent(parent)) {
      proxy = start(handler);
    }

    proxy.onPartialResponse("Hi");

    assertThat(handler.currentDuringCallback).isSameAs(parent);
    assertThat(CurrentSpan.get()).isNull();
  }

  @Test
  void contextCallbackReachesOverride() {
    List<String> texts = new ArrayList<>();
    StreamingChatResponseHandler handler =
        new RecordingHandler() {
          @Override
          public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            texts.add(partial.text());
          }
        };
    StreamingChatResponseHandler proxy = start(handler);

    StreamingHandle handle = new NoOpStreamingHandle();
    proxy.onPartialResponse(new PartialResponse("Hi"), new PartialResponseContext(handle));
    proxy.onCompleteResponse(response("Hi"));

    assertThat(texts).containsExactly("Hi");
    assertThat(ended.get(0).attribute(LangfuseAttributes.OBSERVATION_COMPLETION_START_TIME))
        .isNotNull();
  }

  /** Starts a traced streaming call the way the advice does and returns the observing handler. */
  private static StreamingChatResponseHandler start(StreamingChatResponseHandler handler) {
    Object[] arguments = {
      ChatRequest.builder().messages(UserMessage.from("Say hi")).build(), handler
    };
    StreamingChatCall call = StreamingChatCall.start(new NoOpStreamingModel(), arguments);
    call.exit(null, null);
    return (StreamingChatResponseHandler) arguments[1];
  }

  private static ChatResponse response(String text) {
    return ChatResponse.builder()
        .aiMessage(AiMessage.from(text))
        .tokenUsage(new TokenUsage(3, 1, 4))
        .build();
  }

  /** A streaming handle that cancels nothing. */
  private static final class NoOpStreamingHandle implements StreamingHandle {
    @Override
    public void cancel() {}

    @Override
    public boolean isCancelled() {
      return false;
    }
  }

  /** A model that is never called: the tests call the observing handler themselves. */
  private static final class NoOpStreamingModel implements StreamingChatModel {}

  /** An application handler that records what reached it. */
  private static class RecordingHandler implements StreamingChatResponseHandler {
    final List<String> events = new ArrayList<>();
    RuntimeException failOnPartial;
    SpanData currentDuringCallback;

    @Override
    public void onPartialResponse(String partialResponse) {
      currentDuringCallback = CurrentSpan.get();
      if (failOnPartial != null) {
        throw failOnPartial;
      }
      events.add("partial " + partialResponse);
    }

    @Override
    public void onCompleteResponse(ChatResponse completeResponse) {
      events.add("complete " + completeResponse.aiMessage().text());
    }

    @Override
    public void onError(Throwable error) {
      events.add("error " + error.getMessage());
    }
  }
}
