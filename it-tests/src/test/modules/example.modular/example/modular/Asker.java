package example.modular;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

/** Application code in a named module that the test names in LANGFUSE_TRACE_METHODS. */
public final class Asker {

  /** Asks one question that names where this class was defined. */
  public String ask(OpenAIClient client, String where) {
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder()
            .model("gpt-4o-mini")
            .addUserMessage("asked from the " + where)
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
