package com.langfuse.agent.it.apps;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.Candidate;
import com.google.genai.types.Content;
import com.google.genai.types.ContentEmbedding;
import com.google.genai.types.EmbedContentResponse;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.Part;
import com.google.genai.types.ThinkingConfig;
import com.google.genai.types.Tool;
import example.googlegenai.GoogleGenAiAssistant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * An application that uses the Google Gen AI Java SDK against the Gemini Developer API and has no
 * code for the agent. Each scenario makes real SDK calls against {@code GOOGLE_GENAI_BASE_URL} and
 * prints what the SDK returned, so a run with the agent can be compared with a run without it.
 *
 * <p>It calls only methods that google-genai 1.0.0 and 2.3.0 both have, so the same classes run on
 * either version.
 */
public final class GoogleGenAiScenarioApp {

  /** The model of the recorded responses. */
  public static final String MODEL = "gemini-2.5-flash";

  /** A model name whose path the test routes to an in-memory function call response. */
  public static final String TOOLS_MODEL = "gemini-2.5-flash-tools";

  /** The embedding model, whose path the test routes to an in-memory embeddings response. */
  public static final String EMBEDDING_MODEL = "text-embedding-004";

  /** A model name whose path the test routes to an error response. */
  public static final String MISSING_MODEL = "gemini-no-such-model";

  /** The API version in the request paths, which differs between SDK releases by default. */
  public static final String API_VERSION = "v1beta";

  private static final String PROMPT = "Create a poem about Open Telemetry.";

  private static final String WEATHER_TOOL =
      "{\"functionDeclarations\": [{\"name\": \"get_weather\","
          + " \"description\": \"Get the weather of a city\","
          + " \"parameters\": {\"type\": \"OBJECT\","
          + " \"properties\": {\"city\": {\"type\": \"STRING\"}}, \"required\": [\"city\"]}}]}";

  private GoogleGenAiScenarioApp() {}

  public static void main(String[] args) throws Exception {
    Client client =
        Client.builder()
            .apiKey("gemini-test-not-a-real-key")
            .httpOptions(
                HttpOptions.builder()
                    .baseUrl(System.getenv("GOOGLE_GENAI_BASE_URL"))
                    .apiVersion(API_VERSION)
                    .build())
            .build();
    for (String scenario : args) {
      System.out.println("== " + scenario);
      try {
        run(client, scenario);
      } catch (RuntimeException | ExecutionException e) {
        Throwable shown =
            (e instanceof CompletionException || e instanceof ExecutionException)
                    && e.getCause() != null
                ? e.getCause()
                : e;
        System.out.println("threw " + shown.getClass().getName() + ": " + shown.getMessage());
      }
    }
    System.out.println("done");
    // OkHttp's dispatcher threads, which the async calls start, are not daemons and idle for a
    // minute before they stop, so exit without waiting for them.
    System.exit(0);
  }

  private static void run(Client client, String scenario) throws Exception {
    switch (scenario) {
      case "generate":
        print(client.models.generateContent(MODEL, PROMPT, parameters()));
        break;
      case "stream":
        try (ResponseStream<GenerateContentResponse> stream =
            client.models.generateContentStream(MODEL, PROMPT, null)) {
          printChunks(stream.iterator());
        }
        break;
      case "stream-close-early":
        try (ResponseStream<GenerateContentResponse> stream =
            client.models.generateContentStream(MODEL, PROMPT, null)) {
          Iterator<GenerateContentResponse> chunks = stream.iterator();
          System.out.println("first chunk: " + chunks.next().text().length() + " chars");
        }
        break;
      case "async":
        print(client.async.models.generateContent(MODEL, PROMPT, null).get(30, TimeUnit.SECONDS));
        break;
      case "async-stream":
        try (ResponseStream<GenerateContentResponse> stream =
            client
                .async
                .models
                .generateContentStream(MODEL, PROMPT, null)
                .get(30, TimeUnit.SECONDS)) {
          printChunks(stream.iterator());
        }
        break;
      case "function-call":
        print(
            client.models.generateContent(
                TOOLS_MODEL,
                "What is the weather in Paris?",
                GenerateContentConfig.builder()
                    .tools(List.of(Tool.fromJson(WEATHER_TOOL)))
                    .build()));
        break;
      case "embed":
        EmbedContentResponse embeddings =
            client.models.embedContent(EMBEDDING_MODEL, List.of("first text", "second text"), null);
        for (ContentEmbedding embedding : embeddings.embeddings().orElse(List.of())) {
          System.out.println("  embedding: " + embedding.values().orElse(List.of()));
        }
        break;
      case "in-span":
        System.out.println("assistant: " + new GoogleGenAiAssistant(client).answer(MODEL, PROMPT));
        break;
      case "error":
        print(client.models.generateContent(MISSING_MODEL, PROMPT, null));
        break;
      default:
        throw new IllegalArgumentException("unknown scenario " + scenario);
    }
  }

  /** Returns a configuration with every scalar parameter the instrumentation reports. */
  private static GenerateContentConfig parameters() {
    return GenerateContentConfig.builder()
        .systemInstruction(Content.fromParts(Part.fromText("You are a poet.")))
        .temperature(0.4f)
        .topP(0.9f)
        .topK(20f)
        .maxOutputTokens(4096)
        .stopSequences(List.of("THE END"))
        .seed(7)
        .thinkingConfig(ThinkingConfig.builder().thinkingBudget(2048).build())
        .build();
  }

  private static void printChunks(Iterator<GenerateContentResponse> chunks) {
    StringBuilder text = new StringBuilder();
    int count = 0;
    GenerateContentResponse last = null;
    while (chunks.hasNext()) {
      last = chunks.next();
      count++;
      text.append(last.text());
    }
    System.out.println(
        "streamed "
            + count
            + " chunks, "
            + text.length()
            + " chars, hash "
            + text.toString().hashCode());
    if (last != null) {
      printUsage(last);
    }
  }

  private static void print(GenerateContentResponse response) {
    System.out.println(
        response.responseId().orElse("no id") + " " + response.modelVersion().orElse("no model"));
    for (Candidate candidate : response.candidates().orElse(List.of())) {
      System.out.println(
          "  finish=" + candidate.finishReason().map(Object::toString).orElse("none"));
    }
    List<FunctionCall> calls = response.functionCalls();
    if (calls != null && !calls.isEmpty()) {
      for (FunctionCall call : calls) {
        System.out.println(
            "  function call: " + call.name().orElse("?") + " " + call.args().orElse(null));
      }
    } else {
      String text = response.text();
      System.out.println("  text: " + (text == null ? 0 : text.length()) + " chars");
    }
    printUsage(response);
  }

  private static void printUsage(GenerateContentResponse response) {
    GenerateContentResponseUsageMetadata usage = response.usageMetadata().orElse(null);
    if (usage == null) {
      System.out.println("  no usage");
      return;
    }
    System.out.println(
        "  usage prompt="
            + usage.promptTokenCount().orElse(-1)
            + " candidates="
            + usage.candidatesTokenCount().orElse(-1)
            + " thoughts="
            + usage.thoughtsTokenCount().orElse(-1)
            + " total="
            + usage.totalTokenCount().orElse(-1));
  }
}
