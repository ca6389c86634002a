package com.example.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lambda handlers that know nothing of the agent, run by {@link LambdaRuntimeApp}. Each makes
 * real OpenAI SDK calls against {@code OPENAI_BASE_URL}, with one client per handler instance as
 * a Lambda function would keep it between invocations.
 */
public final class LambdaHandlers {

  private LambdaHandlers() {}

  /** Asks the payload as a chat question and returns the answer. */
  public static final class Chat implements RequestHandler<String, String> {
    private final OpenAIClient client = client();

    @Override
    public String handleRequest(String question, Context context) {
      return ask(client, question);
    }
  }

  /** Makes one chat call, then fails. */
  public static final class Failing implements RequestHandler<String, String> {
    private final OpenAIClient client = client();

    @Override
    public String handleRequest(String question, Context context) {
      ask(client, question);
      throw new IllegalStateException("handler failed after its chat call");
    }
  }

  /** Reads the question from the input stream and writes the answer to the output stream. */
  public static final class Stream implements RequestStreamHandler {
    private final OpenAIClient client = client();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context)
        throws IOException {
      String question = new String(input.readAllBytes(), StandardCharsets.UTF_8);
      output.write(ask(client, question).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Delegates to a {@link Chat} handler twice, as a wrapping handler would. */
  public static final class Outer implements RequestHandler<String, String> {
    private final Chat inner = new Chat();

    @Override
    public String handleRequest(String question, Context context) {
      return inner.handleRequest(question, context) + " | " + inner.handleRequest(question, context);
    }
  }

  private static OpenAIClient client() {
    return OpenAIOkHttpClient.builder()
        .baseUrl(System.getenv("OPENAI_BASE_URL"))
        .apiKey("sk-test-not-a-real-key")
        .maxRetries(0)
        .build();
  }

  private static String ask(OpenAIClient client, String question) {
    ChatCompletion completion =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("gpt-4o-mini")
                    .addUserMessage(question)
                    .build());
    return completion.choices().get(0).message().content().orElse("");
  }
}
