package com.langfuse.agent.it.apps;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;

/**
 * An application that puts private data into its prompts and the caller's identity into the SLF4J
 * MDC (backed by Logback), as a web service's request filter would, and has no dependency on the agent.
 * Each scenario makes a real OpenAI SDK call against {@code OPENAI_BASE_URL}.
 */
public final class PrivacyScenarioApp {

  /** Prompt text that must not reach Langfuse when content capture is off. */
  public static final String PROMPT_CANARY = "PROMPT-CANARY-31337";

  public static final String SYSTEM_CANARY = "SYSTEM-CANARY-4242";
  public static final String TOOL_CANARY = "TOOL-CANARY-5150";
  public static final String EMBEDDING_CANARY = "EMBEDDING-CANARY-8080";
  public static final String API_KEY = "sk-proj-AbCdEfGhIjKlMnOpQrStUv0123456789";
  public static final String EMAIL = "jane.doe@example.com";
  public static final String TICKET = "TICKET-991177";

  public static final String USER_ID = "user-mdc-17";
  public static final String SESSION_ID = "session-mdc-99";

  private static final String QUESTION =
      "Answer in up to 3 words: Which ocean contains Bouvet Island? Notes: "
          + PROMPT_CANARY
          + ", my key is "
          + API_KEY
          + ", mail "
          + EMAIL
          + " about "
          + TICKET;

  private PrivacyScenarioApp() {}

  public static void main(String[] args) {
    OpenAIClient client = OpenAiTestClient.fromEnvironment();
    MDC.put("userId", USER_ID);
    MDC.put("sessionId", SESSION_ID);
    try {
      for (String scenario : args) {
        System.out.println("== " + scenario);
        run(client, scenario);
      }
    } finally {
      MDC.clear();
      client.close();
    }
  }

  private static void run(OpenAIClient client, String scenario) {
    switch (scenario) {
      case "chat":
        print(client.chat().completions().create(chat().build()));
        break;
      case "chat-stream":
        stream(client);
        break;
      case "chat-tools":
        print(client.chat().completions().create(chat().addFunctionTool(weatherTool()).build()));
        break;
      case "embeddings":
        CreateEmbeddingResponse embedding =
            client
                .embeddings()
                .create(
                    EmbeddingCreateParams.builder()
                        .model("text-embedding-3-small")
                        .input(EMBEDDING_CANARY + " for " + EMAIL)
                        .build());
        System.out.println("embeddings " + embedding.data().size());
        break;
      case "responses":
        Response response =
            client
                .responses()
                .create(
                    ResponseCreateParams.builder()
                        .model("gpt-4o-mini")
                        .instructions(SYSTEM_CANARY + " answer briefly")
                        .input(QUESTION)
                        .build());
        System.out.println("response " + response.id());
        break;
      default:
        throw new IllegalArgumentException("unknown scenario " + scenario);
    }
  }

  private static ChatCompletionCreateParams.Builder chat() {
    return ChatCompletionCreateParams.builder()
        .model("gpt-4o-mini")
        .addSystemMessage(SYSTEM_CANARY + " You are a helpful assistant.")
        .addUserMessage(QUESTION);
  }

  private static FunctionDefinition weatherTool() {
    return FunctionDefinition.builder()
        .name("get_weather")
        .description(TOOL_CANARY + " returns the current temperature")
        .parameters(
            FunctionParameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty(
                    "properties", JsonValue.from(Map.of("location", Map.of("type", "string"))))
                .putAdditionalProperty("required", JsonValue.from(List.of("location")))
                .build())
        .build();
  }

  private static void stream(OpenAIClient client) {
    StringBuilder text = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> chunks =
        client.chat().completions().createStreaming(chat().build())) {
      chunks.stream()
          .forEach(
              chunk ->
                  chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
    }
    System.out.println("streamed " + text);
  }

  private static void print(ChatCompletion completion) {
    ChatCompletion.Choice choice = completion.choices().get(0);
    System.out.println(
        "chat "
            + choice.message().content().orElse("")
            + " tool calls "
            + choice.message().toolCalls().map(List::size).orElse(0));
  }
}
