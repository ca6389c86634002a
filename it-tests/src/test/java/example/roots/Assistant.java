package example.roots;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * Application code that the tests name in {@code LANGFUSE_TRACE_METHODS}. It lives outside the
 * {@code com.langfuse.agent} packages, which the agent never instruments.
 */
public final class Assistant {

  private final OpenAIClient client;

  public Assistant(OpenAIClient client) {
    this.client = client;
  }

  /**
   * Makes two LLM calls on other threads: a draft submitted to the common fork-join pool, then a
   * refinement through {@code CompletableFuture}'s default async executor.
   */
  public String answer(String question, int attempt) throws Exception {
    String draft = ForkJoinPool.commonPool().submit(() -> ask(question)).get(60, TimeUnit.SECONDS);
    String refined = CompletableFuture.supplyAsync(() -> ask("Refine: " + draft)).join();
    return "attempt " + attempt + ": " + refined;
  }

  /** Throws without calling the LLM. */
  public void fail(String reason) {
    throw new IllegalArgumentException(reason);
  }

  private String ask(String question) {
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(question).build();
    return client.chat().completions().create(params).choices().get(0).message().content()
        .orElse("");
  }
}
