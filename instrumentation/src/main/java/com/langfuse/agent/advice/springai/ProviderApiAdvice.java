package com.langfuse.agent.advice.springai;

import com.langfuse.agent.bootstrap.bridge.Bridge;
import com.langfuse.agent.instrumentation.springai.SpringAiOperations;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice for the HTTP clients of Spring AI 1.x's OpenAI and Anthropic modules: each method sends
 * one request. It goes through {@link Bridge}, so its call depth keeps the one-argument variants,
 * which call these, from being traced twice.
 */
public final class ProviderApiAdvice {

  private ProviderApiAdvice() {}

  /** Traces {@code OpenAiApi.chatCompletionEntity}. */
  public static final class OpenAiChat {

    private OpenAiChat() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object api, @Advice.Argument(0) Object request) {
      return Bridge.enter(
          SpringAiInstrumentationModule.PROVIDER_API_HANDLER,
          SpringAiOperations.OPENAI_CHAT,
          api,
          request);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned = Bridge.exit(state, SpringAiOperations.OPENAI_CHAT, returned, thrown);
    }
  }

  /** Traces {@code OpenAiApi.chatCompletionStream}. */
  public static final class OpenAiChatStream {

    private OpenAiChatStream() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object api, @Advice.Argument(0) Object request) {
      return Bridge.enter(
          SpringAiInstrumentationModule.PROVIDER_API_HANDLER,
          SpringAiOperations.OPENAI_CHAT_STREAM,
          api,
          request);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned = Bridge.exit(state, SpringAiOperations.OPENAI_CHAT_STREAM, returned, thrown);
    }
  }

  /** Traces {@code OpenAiApi.embeddings}. */
  public static final class OpenAiEmbeddings {

    private OpenAiEmbeddings() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object api, @Advice.Argument(0) Object request) {
      return Bridge.enter(
          SpringAiInstrumentationModule.PROVIDER_API_HANDLER,
          SpringAiOperations.OPENAI_EMBEDDINGS,
          api,
          request);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned = Bridge.exit(state, SpringAiOperations.OPENAI_EMBEDDINGS, returned, thrown);
    }
  }

  /** Traces {@code AnthropicApi.chatCompletionEntity}. */
  public static final class AnthropicChat {

    private AnthropicChat() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object api, @Advice.Argument(0) Object request) {
      return Bridge.enter(
          SpringAiInstrumentationModule.PROVIDER_API_HANDLER,
          SpringAiOperations.ANTHROPIC_CHAT,
          api,
          request);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned = Bridge.exit(state, SpringAiOperations.ANTHROPIC_CHAT, returned, thrown);
    }
  }

  /** Traces {@code AnthropicApi.chatCompletionStream}. */
  public static final class AnthropicChatStream {

    private AnthropicChatStream() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(@Advice.This Object api, @Advice.Argument(0) Object request) {
      return Bridge.enter(
          SpringAiInstrumentationModule.PROVIDER_API_HANDLER,
          SpringAiOperations.ANTHROPIC_CHAT_STREAM,
          api,
          request);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(
        @Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      returned = Bridge.exit(state, SpringAiOperations.ANTHROPIC_CHAT_STREAM, returned, thrown);
    }
  }
}
