package com.langfuse.agent.it.apps;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.beta.messages.BetaMessage;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoiceTool;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * An application that uses the Anthropic Java SDK and has no code for the agent. Each scenario
 * makes real SDK calls against {@code ANTHROPIC_BASE_URL} and prints what the SDK returned, so a
 * run with the agent can be compared with a run without it.
 */
public final class AnthropicScenarioApp {

  private static final String MODEL = "claude-sonnet-4-20250514";

  private AnthropicScenarioApp() {}

  public static void main(String[] args) throws Exception {
    AnthropicClient client =
        AnthropicOkHttpClient.builder()
            .baseUrl(System.getenv("ANTHROPIC_BASE_URL"))
            .apiKey("sk-ant-test-not-a-real-key")
            .maxRetries(
                Integer.parseInt(System.getenv().getOrDefault("ANTHROPIC_MAX_RETRIES", "0")))
            .build();
    try {
      for (String scenario : args) {
        System.out.println("== " + scenario);
        try {
          run(client, scenario);
        } catch (RuntimeException e) {
          Throwable shown =
              e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
          System.out.println("threw " + shown.getClass().getName() + ": " + shown.getMessage());
        }
      }
    } finally {
      client.close();
    }
  }

  private static void run(AnthropicClient client, String scenario) throws Exception {
    switch (scenario) {
      case "basic":
        print(client.messages().create(basic().system("Answer in one word.").build()));
        break;
      case "parameters":
        print(
            client
                .messages()
                .create(
                    basic()
                        .stopSequences(List.of("END"))
                        .putAdditionalBodyProperty("temperature", JsonValue.from(0.7))
                        .putAdditionalBodyProperty("top_k", JsonValue.from(5))
                        .build()));
        break;
      case "tool-use":
        print(client.messages().create(weatherTool()));
        break;
      case "thinking":
        print(
            client
                .messages()
                .create(
                    MessageCreateParams.builder()
                        .model(MODEL)
                        .maxTokens(16000)
                        .addUserMessage("What is 17*19? Think first.")
                        .enabledThinking(10000)
                        .build()));
        break;
      case "stream":
        try (StreamResponse<RawMessageStreamEvent> stream =
            client.messages().createStreaming(basic().build())) {
          printEvents(stream.stream().iterator());
        }
        break;
      case "stream-close-early":
        try (StreamResponse<RawMessageStreamEvent> stream =
            client.messages().createStreaming(basic().build())) {
          System.out.println("first event: " + stream.stream().findFirst().get().type());
        }
        break;
      case "async":
        print(client.async().messages().create(basic().build()).get(30, TimeUnit.SECONDS));
        break;
      case "async-stream":
        asyncStream(client);
        break;
      case "raw":
        try (HttpResponseFor<Message> response =
            client.messages().withRawResponse().create(basic().build())) {
          System.out.println("status " + response.statusCode());
          print(response.parse());
        }
        break;
      case "beta":
        BetaMessage beta =
            client
                .beta()
                .messages()
                .create(
                    com.anthropic.models.beta.messages.MessageCreateParams.builder()
                        .model(MODEL)
                        .maxTokens(100)
                        .addUserMessage("Say hello in one word.")
                        .build());
        System.out.println("beta " + beta.id() + " " + beta.content().size() + " block(s)");
        break;
      case "error-404":
        print(client.messages().create(basic().model("invalid-model-name").build()));
        break;
      case "error-500":
        print(client.messages().create(basic().build()));
        break;
      default:
        throw new IllegalArgumentException("unknown scenario " + scenario);
    }
  }

  private static MessageCreateParams.Builder basic() {
    return MessageCreateParams.builder()
        .model(MODEL)
        .maxTokens(100)
        .addUserMessage("Say hello in one word.");
  }

  private static MessageCreateParams weatherTool() {
    Tool tool =
        Tool.builder()
            .name("get_weather")
            .description("Get weather by city")
            .inputSchema(
                Tool.InputSchema.builder()
                    .properties(
                        Tool.InputSchema.Properties.builder()
                            .putAdditionalProperty(
                                "city", JsonValue.from(Map.of("type", "string")))
                            .build())
                    .required(List.of("city"))
                    .build())
            .build();
    return MessageCreateParams.builder()
        .model(MODEL)
        .maxTokens(256)
        .addUserMessage("What is the weather in SF?")
        .addTool(tool)
        .toolChoice(ToolChoiceTool.builder().name("get_weather").build())
        .build();
  }

  private static void asyncStream(AnthropicClient client) throws Exception {
    StringBuilder text = new StringBuilder();
    AsyncStreamResponse<RawMessageStreamEvent> stream =
        client.async().messages().createStreaming(basic().build());
    stream.subscribe(
        new AsyncStreamResponse.Handler<RawMessageStreamEvent>() {
          @Override
          public void onNext(RawMessageStreamEvent event) {
            event
                .contentBlockDelta()
                .flatMap(delta -> delta.delta().text())
                .ifPresent(delta -> text.append(delta.text()));
          }

          @Override
          public void onComplete(Optional<Throwable> error) {}
        });
    stream.onCompleteFuture().get(30, TimeUnit.SECONDS);
    System.out.println("async streamed: " + text);
  }

  private static void printEvents(java.util.Iterator<RawMessageStreamEvent> events) {
    StringBuilder text = new StringBuilder();
    int count = 0;
    while (events.hasNext()) {
      RawMessageStreamEvent event = events.next();
      count++;
      event
          .contentBlockDelta()
          .flatMap(delta -> delta.delta().text())
          .ifPresent(delta -> text.append(delta.text()));
    }
    System.out.println("streamed: " + text + " (" + count + " events)");
  }

  private static void print(Message message) {
    System.out.println(
        message.id()
            + " "
            + message.model().asString()
            + " stop="
            + message.stopReason().map(Object::toString).orElse("none")
            + " in="
            + message.usage().inputTokens()
            + " out="
            + message.usage().outputTokens());
    for (ContentBlock block : message.content()) {
      if (block.isText()) {
        System.out.println("  text: " + block.asText().text());
      } else if (block.isThinking()) {
        System.out.println("  thinking: " + block.asThinking().thinking().length() + " chars");
      } else if (block.isToolUse()) {
        System.out.println(
            "  tool_use: " + block.asToolUse().name() + " " + block.asToolUse()._input());
      } else {
        System.out.println("  block: " + block);
      }
    }
  }
}
