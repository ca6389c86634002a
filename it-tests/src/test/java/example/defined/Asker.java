package example.defined;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

/**
 * Application code that {@code DefinedClassesApp} defines again in its own class loaders, one way
 * of {@code ClassLoader.defineClass} each, and that the test names in {@code
 * LANGFUSE_TRACE_METHODS}.
 */
public final class Asker {

  /** Asks one question that names how this class was defined. */
  public String ask(OpenAIClient client, String way) {
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder()
            .model("gpt-4o-mini")
            .addUserMessage("defined from " + way)
            .build();
    return client
        .chat()
        .completions()
        .create(params)
        .choices()
        .get(0)
        .message()
        .content()
        .orElse("");
  }
}
