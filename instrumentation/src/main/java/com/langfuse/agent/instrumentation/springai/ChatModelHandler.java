package com.langfuse.agent.instrumentation.springai;

import com.langfuse.agent.bootstrap.bridge.CallHandler;
import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;
import java.util.Locale;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.publisher.Flux;

/**
 * Traces Spring AI chat model calls, {@code ChatClient} calls and tool executions, for 1.x and 2.x
 * alike.
 *
 * <p>A {@code call(Prompt)} is a generation named after the model, current while the call runs,
 * so the tool spans and the model round trips that Spring AI makes inside it become its children.
 * A round trip that is traced below it (Spring AI 1.x's HTTP clients, the OpenAI and Anthropic
 * SDKs under 2.x) turns it into a plain span when it starts. This handler then records only the
 * final output on it, not usage or response model. A {@code stream(Prompt)} is observed the
 * same way for each subscription to the returned {@code Flux}.
 */
public final class ChatModelHandler implements CallHandler {

  public ChatModelHandler() {}

  @Override
  public Object onEnter(int operation, Object self, Object request) {
    switch (operation) {
      case SpringAiOperations.CHAT_CALL:
        return startCall((ChatModel) self, (Prompt) request);
      case SpringAiOperations.CHAT_STREAM:
        return request instanceof Prompt ? new StreamRequest((ChatModel) self, (Prompt) request)
            : null;
      case SpringAiOperations.TOOL_CALL:
        return ToolSpans.start(self, (String) request);
      case SpringAiOperations.CHAT_CLIENT_CALL:
        return request == null ? null : ChatClientSpans.start(request);
      default:
        return null;
    }
  }

  @Override
  public Object onExit(Object state, int operation, Object returned, Throwable thrown) {
    switch (operation) {
      case SpringAiOperations.CHAT_CALL:
        ((ChatCall) state).end((ChatResponse) returned, thrown);
        return returned;
      case SpringAiOperations.CHAT_STREAM:
        if (thrown != null || !(returned instanceof Flux)) {
          return returned;
        }
        return ((StreamRequest) state).observe((Flux<?>) returned);
      case SpringAiOperations.TOOL_CALL:
        ToolSpans.end(state, (String) returned, thrown);
        return returned;
      case SpringAiOperations.CHAT_CLIENT_CALL:
        ChatClientSpans.end(state, returned, thrown);
        return returned;
      default:
        return returned;
    }
  }

  private static ChatCall startCall(ChatModel model, Prompt prompt) {
    if (prompt == null) {
      return null;
    }
    SpanData span = startSpan(model, prompt, false, null);
    return new ChatCall(span, CurrentSpan.makeCurrent(span));
  }

  /** Starts the generation of one chat model call or stream subscription. */
  static SpanData startSpan(ChatModel model, Prompt prompt, boolean streaming, SpanData parent) {
    ChatOptions options = ChatModelRecords.options(prompt, defaultOptions(model));
    String modelName = options == null ? null : options.getModel();
    SpanData span =
        SpringAiSpans.start(
            provider(model),
            GenAiSpans.OPERATION_CHAT,
            LangfuseAttributes.TYPE_GENERATION,
            modelName,
            parent);
    try {
      ChatModelRecords.recordRequest(span, prompt, options, streaming);
    } catch (Throwable t) {
      SpringAiSpans.logCaptureFailure("reading the Spring AI prompt", t);
    }
    return span;
  }

  /**
   * Returns the provider from the model class name: {@code OpenAiChatModel} is {@code openai},
   * {@code AnthropicChatModel} is {@code anthropic}.
   */
  static String provider(Object model) {
    String name = model.getClass().getSimpleName();
    int end = name.indexOf("ChatModel");
    String provider = end > 0 ? name.substring(0, end) : name;
    return provider.toLowerCase(Locale.ROOT);
  }

  private static ChatOptions defaultOptions(ChatModel model) {
    try {
      return model.getDefaultOptions();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** A {@code call(Prompt)} in progress. */
  private static final class ChatCall {
    private final SpanData span;
    private final CurrentSpan.Scope scope;

    ChatCall(SpanData span, CurrentSpan.Scope scope) {
      this.span = span;
      this.scope = scope;
    }

    void end(ChatResponse response, Throwable thrown) {
      scope.close();
      try {
        if (thrown != null) {
          SpringAiSpans.recordError(span, thrown);
        } else {
          ChatModelRecords.recordResponse(span, response, SpringAiSpans.isGeneration(span));
        }
      } catch (Throwable t) {
        SpringAiSpans.logCaptureFailure("reading the Spring AI response", t);
      } finally {
        span.end();
      }
    }
  }

  /** A {@code stream(Prompt)} whose {@code Flux} is not subscribed yet. */
  private static final class StreamRequest {
    private final ChatModel model;
    private final Prompt prompt;
    private final SpanData parent;

    StreamRequest(ChatModel model, Prompt prompt) {
      this.model = model;
      this.prompt = prompt;
      this.parent = CurrentSpan.get();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    Flux<?> observe(Flux<?> source) {
      return ObservedFlux.observe(
          (Flux) source,
          context -> {
            SpanData contextParent = ObservedFlux.parentFrom(context);
            SpanData effectiveParent = contextParent != null ? contextParent : parent;
            SpanData span = startSpan(model, prompt, true, effectiveParent);
            return new ChatResponseStreamObserver(span, effectiveParent);
          });
    }
  }
}
