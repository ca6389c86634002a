package com.langfuse.agent.instrumentation.anthropic;

/**
 * Operation codes that the Anthropic advice passes to {@link AnthropicCallHandler}.
 *
 * <p>A code is {@code api * 10 + form}: the tens digit names the API (messages or beta messages)
 * and the units digit the method form (plain, streaming, raw, async). The values are compile-time
 * constants, so the advice inlines them and never loads this class.
 */
public final class AnthropicOperations {

  static final int API_MESSAGES = 1;
  static final int API_BETA_MESSAGES = 2;

  static final int FORM_CREATE = 1;
  static final int FORM_CREATE_STREAMING = 2;
  static final int FORM_RAW_CREATE = 3;
  static final int FORM_RAW_CREATE_STREAMING = 4;
  static final int FORM_ASYNC_CREATE = 5;
  static final int FORM_ASYNC_CREATE_STREAMING = 6;

  public static final int MESSAGES_CREATE = 11;
  public static final int MESSAGES_CREATE_STREAMING = 12;
  public static final int MESSAGES_RAW_CREATE = 13;
  public static final int MESSAGES_RAW_CREATE_STREAMING = 14;
  public static final int MESSAGES_ASYNC_CREATE = 15;
  public static final int MESSAGES_ASYNC_CREATE_STREAMING = 16;

  public static final int BETA_CREATE = 21;
  public static final int BETA_CREATE_STREAMING = 22;
  public static final int BETA_RAW_CREATE = 23;
  public static final int BETA_RAW_CREATE_STREAMING = 24;
  public static final int BETA_ASYNC_CREATE = 25;
  public static final int BETA_ASYNC_CREATE_STREAMING = 26;

  private AnthropicOperations() {}

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
