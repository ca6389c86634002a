package com.langfuse.agent.instrumentation.bedrock;

/**
 * Operation codes that the Bedrock Runtime advice passes to {@link BedrockCallHandler}. The values
 * are compile-time constants, so the advice inlines them and never loads this class.
 */
public final class BedrockOperations {

  /** {@code BedrockRuntimeClient.converse}. */
  public static final int CONVERSE = 1;

  /** {@code BedrockRuntimeAsyncClient.converse}. */
  public static final int CONVERSE_ASYNC = 2;

  /**
   * {@code BedrockRuntimeAsyncClient.converseStream}. The advice passes the request and the
   * response handler as a two-element array, and the handler may replace the second element with a
   * handler that observes the stream.
   */
  public static final int CONVERSE_STREAM = 3;

  /** {@code BedrockRuntimeClient.invokeModel}. */
  public static final int INVOKE_MODEL = 4;

  /** {@code BedrockRuntimeAsyncClient.invokeModel}. */
  public static final int INVOKE_MODEL_ASYNC = 5;

  /**
   * {@code BedrockRuntimeAsyncClient.invokeModelWithResponseStream}, whose advice passes the
   * request and the response handler as {@link #CONVERSE_STREAM} does.
   */
  public static final int INVOKE_MODEL_STREAM = 6;

  private BedrockOperations() {}
}
