package com.langfuse.agent.it.apps;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * An application that calls the real OpenAI Java SDK around checkpoint and restore cycles, as a
 * CRaC application must: its own org.crac resource closes the SDK client before a checkpoint
 * (its pooled connections would fail the checkpoint) and builds a new one after restore. Knows
 * nothing of the agent. Prints the answer of every call and {@code calls=N} at the end.
 */
public final class CracOpenAiApp {

  private static volatile OpenAIClient client;

  /** A strong reference, because org.crac keeps only weak ones. */
  private static Resource clientResource;

  private CracOpenAiApp() {}

  public static void main(String[] args) throws Exception {
    int cycles = Integer.parseInt(args[0]);
    client = newClient();
    clientResource = new ClientResource();
    Core.getGlobalContext().register(clientResource);

    int calls = 0;
    for (int cycle = 1; cycle <= cycles; cycle++) {
      ask();
      Core.checkpointRestore();
      ask();
      calls += 2;
    }
    client.close();
    System.out.println("calls=" + calls);
  }

  private static void ask() {
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder()
            .model("gpt-4o-mini")
            .addUserMessage("Answer in up to 3 words: Which ocean contains Bouvet Island?")
            .build();
    ChatCompletion completion = client.chat().completions().create(params);
    System.out.println(completion.choices().get(0).message().content().orElse(""));
  }

  private static OpenAIClient newClient() {
    return OpenAiTestClient.fromEnvironment();
  }

  /** Closes the SDK client before a checkpoint and builds a new one after restore. */
  private static final class ClientResource implements Resource {
    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
      client.close();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
      client = newClient();
    }
  }
}
