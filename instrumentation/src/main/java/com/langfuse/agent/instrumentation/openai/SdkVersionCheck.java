package com.langfuse.agent.instrumentation.openai;

/**
 * Rejects an OpenAI Java SDK older than 4.0.0, so that such a version runs untraced instead of
 * traced in part.
 *
 * <p>The advice matchers also match openai-java 2.0.0, but the helpers read types that 2.0.0
 * lacks: tool calls of chat messages, embedding vectors and function call outputs of the
 * Responses API. Without this check, on 2.0.0 an embeddings span is exported without its output,
 * and each failed read logs a WARN. The types below are in 4.0.0 and missing from 2.0.0. The 3.x
 * releases were not available to test.
 */
final class SdkVersionCheck {

  /** Oldest SDK version that contains every type and method the helpers use. */
  static final String OLDEST_SUPPORTED = "4.0.0";

  private static final String[] REQUIRED_TYPES = {
    "com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall",
    "com.openai.models.embeddings.EmbeddingValue",
    "com.openai.models.responses.ResponseInputItem$FunctionCallOutput$Output",
  };

  private SdkVersionCheck() {}

  /**
   * Throws {@link UnsupportedOperationException} naming the first missing type when the SDK that
   * {@code loader} loads is older than {@link #OLDEST_SUPPORTED}. The bridge catches it, logs it
   * at DEBUG, and leaves the SDK's calls untraced.
   */
  static void requireSupported(ClassLoader loader) {
    for (String type : REQUIRED_TYPES) {
      try {
        Class.forName(type, false, loader);
      } catch (ClassNotFoundException e) {
        throw new UnsupportedOperationException(
            "openai-java "
                + OLDEST_SUPPORTED
                + " or later is required, and this version lacks "
                + type
                + ", so its calls stay untraced");
      }
    }
  }
}
