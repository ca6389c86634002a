package com.langfuse.agent.instrumentation.springai;

/**
 * Operation codes the Spring AI advice passes to its handlers. They are compile-time constants, so
 * the advice carries copies and never loads this class.
 */
public final class SpringAiOperations {

  /** {@code ChatModel.call(Prompt)}. */
  public static final int CHAT_CALL = 1;

  /** {@code ChatModel.stream(Prompt)}. */
  public static final int CHAT_STREAM = 2;

  /** {@code ToolCallback.call(String, ToolContext)}. */
  public static final int TOOL_CALL = 3;

  /** {@code ChatClient.prompt()...call()}, through {@code DefaultCallResponseSpec}. */
  public static final int CHAT_CLIENT_CALL = 4;

  /** 1.x {@code OpenAiApi.chatCompletionEntity}. */
  public static final int OPENAI_CHAT = 11;

  /** 1.x {@code OpenAiApi.chatCompletionStream}. */
  public static final int OPENAI_CHAT_STREAM = 12;

  /** 1.x {@code OpenAiApi.embeddings}. */
  public static final int OPENAI_EMBEDDINGS = 13;

  /** 1.x {@code AnthropicApi.chatCompletionEntity}. */
  public static final int ANTHROPIC_CHAT = 21;

  /** 1.x {@code AnthropicApi.chatCompletionStream}. */
  public static final int ANTHROPIC_CHAT_STREAM = 22;

  private SpringAiOperations() {}
}
