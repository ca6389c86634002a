package com.langfuse.agent.instrumentation.langchain4j;

/**
 * The operation codes the LangChain4j advice passes to {@link LangChain4jCallHandler}. They are
 * compile-time constants, so javac copies them into the advice and this class is never loaded
 * from it.
 */
public final class LangChain4jOperations {

  /** {@code ChatModel.chat(ChatRequest[, ChatRequestOptions])}; the request is the ChatRequest. */
  public static final int CHAT = 1;

  /**
   * {@code StreamingChatModel.chat(ChatRequest, [ChatRequestOptions,] handler)}; the request is
   * {@code {chatRequest, handler}}, and the handler writes the handler to pass on into slot 1.
   */
  public static final int STREAMING_CHAT = 2;

  /** {@code EmbeddingModel.embedAll(List<TextSegment>)}; the request is the list. */
  public static final int EMBED_ALL = 3;

  /** {@code EmbeddingModel.embed(EmbeddingRequest)}; the request is the EmbeddingRequest. */
  public static final int EMBED_REQUEST = 4;

  /**
   * The invocation handler of an AI Service proxy; the request is {@code {method, arguments}}, and
   * the returned value is passed in a one-element array the handler may replace it in.
   */
  public static final int AI_SERVICE = 5;

  /** The tool service running one tool; the request is the ToolExecutionRequest. */
  public static final int TOOL = 6;

  private LangChain4jOperations() {}
}
