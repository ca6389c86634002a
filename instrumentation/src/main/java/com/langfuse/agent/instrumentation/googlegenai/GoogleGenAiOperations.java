package com.langfuse.agent.instrumentation.googlegenai;

/**
 * Operation codes that the Google Gen AI advice passes to {@link GoogleGenAiCallHandler}. The
 * values are compile-time constants, so the advice inlines them and never loads this class.
 */
public final class GoogleGenAiOperations {

  /** {@code Models.privateGenerateContent}: one request, one response. */
  public static final int GENERATE = 1;

  /** {@code Models.privateGenerateContentStream}: one request, a stream of chunks. */
  public static final int GENERATE_STREAM = 2;

  /** {@code AsyncModels.privateGenerateContent}: a future of one response. */
  public static final int ASYNC_GENERATE = 3;

  /** {@code AsyncModels.privateGenerateContentStream}: a future of a stream of chunks. */
  public static final int ASYNC_GENERATE_STREAM = 4;

  /** {@code ResponseStream.iterator()}: how the application reads a stream. */
  public static final int STREAM_ITERATOR = 5;

  /** {@code ResponseStream.close()}. */
  public static final int STREAM_CLOSE = 6;

  /** {@code Models.privateEmbedContent}: one request for embeddings. */
  public static final int EMBED = 7;

  /** {@code AsyncModels.privateEmbedContent}: a future of embeddings. */
  public static final int ASYNC_EMBED = 8;

  private GoogleGenAiOperations() {}

  static boolean isStreaming(int operation) {
    return operation == GENERATE_STREAM || operation == ASYNC_GENERATE_STREAM;
  }
}
