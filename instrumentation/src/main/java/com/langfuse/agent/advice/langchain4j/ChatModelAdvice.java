package com.langfuse.agent.advice.langchain4j;

import com.langfuse.agent.bootstrap.bridge.ScopeBridge;
import com.langfuse.agent.instrumentation.langchain4j.LangChain4jOperations;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice for the default {@code chat} methods of {@code ChatModel} and {@code StreamingChatModel},
 * the layer every provider module goes through. One nested class per method form.
 *
 * <p>Byte Buddy inlines these methods into the LangChain4j interfaces, so they call only the
 * bootstrap {@link ScopeBridge}. The streaming forms pass the response handler in an array, and
 * the helper writes the observing handler into the same slot, which the advice then passes on in
 * place of the application's handler.
 */
public final class ChatModelAdvice {

  private ChatModelAdvice() {}

  /** Traces {@code ChatModel.chat(ChatRequest)} and {@code chat(ChatRequest, options)}. */
  public static final class Chat {

    private Chat() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(
        @Advice.Origin Class<?> type,
        @Advice.This Object model,
        @Advice.Argument(0) Object request) {
      return ScopeBridge.enter(
          LangChain4jInstrumentationModule.HANDLER,
          LangChain4jOperations.CHAT,
          type,
          model,
          request);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      ScopeBridge.exit(state, LangChain4jOperations.CHAT, returned, thrown);
    }
  }

  /** Traces {@code StreamingChatModel.chat(ChatRequest, handler)}. */
  public static final class StreamingChat {

    private StreamingChat() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(
        @Advice.Origin Class<?> type,
        @Advice.This Object model,
        @Advice.Argument(0) Object request,
        @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC)
            Object handler) {
      Object[] arguments = new Object[] {request, handler};
      Object state =
          ScopeBridge.enter(
              LangChain4jInstrumentationModule.HANDLER,
              LangChain4jOperations.STREAMING_CHAT,
              type,
              model,
              arguments);
      handler = arguments[1];
      return state;
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.Enter Object state, @Advice.Thrown Throwable thrown) {
      ScopeBridge.exit(state, LangChain4jOperations.STREAMING_CHAT, null, thrown);
    }
  }

  /** Traces {@code StreamingChatModel.chat(ChatRequest, ChatRequestOptions, handler)}. */
  public static final class StreamingChatWithOptions {

    private StreamingChatWithOptions() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(
        @Advice.Origin Class<?> type,
        @Advice.This Object model,
        @Advice.Argument(0) Object request,
        @Advice.Argument(value = 2, readOnly = false, typing = Assigner.Typing.DYNAMIC)
            Object handler) {
      Object[] arguments = new Object[] {request, handler};
      Object state =
          ScopeBridge.enter(
              LangChain4jInstrumentationModule.HANDLER,
              LangChain4jOperations.STREAMING_CHAT,
              type,
              model,
              arguments);
      handler = arguments[1];
      return state;
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.Enter Object state, @Advice.Thrown Throwable thrown) {
      ScopeBridge.exit(state, LangChain4jOperations.STREAMING_CHAT, null, thrown);
    }
  }
}
