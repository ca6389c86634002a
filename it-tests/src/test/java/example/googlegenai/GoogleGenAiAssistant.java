package example.googlegenai;

import com.google.genai.Client;
import com.google.genai.types.GenerateContentResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Application code that the Google Gen AI it-test names in {@code LANGFUSE_TRACE_METHODS}. It lives
 * outside the {@code com.langfuse.agent} packages, which the agent never instruments.
 */
public final class GoogleGenAiAssistant {

  private final Client client;

  public GoogleGenAiAssistant(Client client) {
    this.client = client;
  }

  /**
   * Makes two calls that leave this thread: an async call of the SDK, and a blocking call run
   * through {@code CompletableFuture}'s default async executor. Returns the two response ids.
   */
  public String answer(String model, String prompt) throws Exception {
    GenerateContentResponse first =
        client.async.models.generateContent(model, prompt, null).get(30, TimeUnit.SECONDS);
    GenerateContentResponse second =
        CompletableFuture.supplyAsync(() -> client.models.generateContent(model, prompt, null))
            .get(30, TimeUnit.SECONDS);
    return first.modelVersion().orElse("?") + " " + second.modelVersion().orElse("?");
  }
}
