package com.langfuse.agent.instrumentation.openai;

/**
 * Operation codes that the OpenAI advice passes to {@link OpenAiCallHandler}.
 *
 * <p>A code is {@code api * 10 + form}: the tens digit names the API (chat completions, responses,
 * embeddings) and the units digit the method form (plain, streaming, raw, async). The values are
 * compile-time constants, so the advice inlines them and never loads this class.
 */
public final class OpenAiOperations {

  static final int API_CHAT = 1;
  static final int API_RESPONSES = 2;
  static final int API_EMBEDDINGS = 3;

  static final int FORM_CREATE = 1;
  static final int FORM_CREATE_STREAMING = 2;
  static final int FORM_RAW_CREATE = 3;
  static final int FORM_RAW_CREATE_STREAMING = 4;
  static final int FORM_ASYNC_CREATE = 5;
  static final int FORM_ASYNC_CREATE_STREAMING = 6;

  public static final int CHAT_CREATE = 11;
  public static final int CHAT_CREATE_STREAMING = 12;
  public static final int CHAT_RAW_CREATE = 13;
  public static final int CHAT_RAW_CREATE_STREAMING = 14;
  public static final int CHAT_ASYNC_CREATE = 15;
  public static final int CHAT_ASYNC_CREATE_STREAMING = 16;

  public static final int RESPONSES_CREATE = 21;
  public static final int RESPONSES_CREATE_STREAMING = 22;
  public static final int RESPONSES_RAW_CREATE = 23;
  public static final int RESPONSES_RAW_CREATE_STREAMING = 24;
  public static final int RESPONSES_ASYNC_CREATE = 25;
  public static final int RESPONSES_ASYNC_CREATE_STREAMING = 26;

  public static final int EMBEDDINGS_CREATE = 31;
  public static final int EMBEDDINGS_RAW_CREATE = 33;
  public static final int EMBEDDINGS_ASYNC_CREATE = 35;

  private OpenAiOperations() {}

  static int api(int operation) {
    return operation / 10;
  }

  static int form(int operation) {
    return operation % 10;
  }

  static boolean isStreaming(int operation) {
    int form = form(operation);
    return form == FORM_CREATE_STREAMING
        || form == FORM_RAW_CREATE_STREAMING
        || form == FORM_ASYNC_CREATE_STREAMING;
  }
}
