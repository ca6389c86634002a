package com.langfuse.agent.instrumentation.springai;

import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.Tracer;
import java.util.List;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * The {@code chain} span of one blocking {@code ChatClient} call: the prompt as input, the final
 * answer as output, and current while it runs, so the chat model spans and tool spans of the
 * request share it as parent.
 */
final class ChatClientSpans {

  static final String NAME = "ChatClient";

  private ChatClientSpans() {}

  static Object start(Object request) {
    SpanData span = Tracer.startSpan(NAME, LangfuseAttributes.TYPE_CHAIN, SpanData.KIND_INTERNAL);
    try {
      Prompt prompt = ((ChatClientRequest) request).prompt();
      if (prompt != null) {
        List<Message> messages = List.copyOf(prompt.getInstructions());
        span.setDeferredAttribute(
            LangfuseAttributes.OBSERVATION_INPUT,
            () -> ChatModelRecords.input(messages, List.of()),
            ChatModelRecords.ESTIMATED_BYTES);
      }
    } catch (Throwable t) {
      SpringAiSpans.logCaptureFailure("reading the ChatClient request", t);
    }
    return new ClientCall(span, CurrentSpan.makeCurrent(span));
  }

  static void end(Object state, Object returned, Throwable thrown) {
    ClientCall call = (ClientCall) state;
    call.scope.close();
    try {
      if (thrown != null) {
        SpringAiSpans.recordError(call.span, thrown);
      } else if (returned instanceof ChatClientResponse) {
        ChatModelRecords.recordResponse(
            call.span, ((ChatClientResponse) returned).chatResponse(), false);
      }
    } catch (Throwable t) {
      SpringAiSpans.logCaptureFailure("reading the ChatClient response", t);
    } finally {
      call.span.end();
    }
  }

  /** A {@code ChatClient} call in progress. */
  private static final class ClientCall {
    final SpanData span;
    final CurrentSpan.Scope scope;

    ClientCall(SpanData span, CurrentSpan.Scope scope) {
      this.span = span;
      this.scope = scope;
    }
  }
}
