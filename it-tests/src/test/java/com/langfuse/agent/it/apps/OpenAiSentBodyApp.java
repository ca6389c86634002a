package com.langfuse.agent.it.apps;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientImpl;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.ClientOptions;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.core.RequestOptions;
import com.openai.core.http.HttpClient;
import com.openai.core.http.HttpRequest;
import com.openai.core.http.HttpResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartInputAudio;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.ChatCompletionUserMessageParam;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * An application that sends awkward chat requests through the OpenAI Java SDK. Every call uses a
 * model name of its own, and its first message starts with that name, so a test can check that each
 * generation's input is the request of that same call.
 *
 * <p>Scenarios ending in {@code -pair} make each call twice: first with a client on the SDK's
 * shared JSON mapper, whose sent body the agent reads, then with a client on a copy of that mapper,
 * for which the agent serializes the request fields itself. The models end in {@code -shared} and
 * {@code -copied}.
 */
public final class OpenAiSentBodyApp {

  /** Text with every kind of character that JSON writers escape differently. */
  static final String AWKWARD =
      "emoji \uD83D\uDE00 lone high \uD83D end, lone low \uDE00 end, reversed \uDE00\uD83D,"
          + " controls \u0001\u0008\u0009\n\r\u000b\u000c\u001f del \u007f c1 \u0085"
          + " </script><!-- --> line sep \u2028 para sep \u2029 bom \uFEFF nul \u0000"
          + " literal \\uD83D and \\\\uDE00 quote \" backslash \\ slash / e-acute \u00e9"
          + " cjk \u4e2d\u6587 last high \uDBFF";

  private OpenAiSentBodyApp() {}

  public static void main(String[] args) throws Exception {
    String baseUrl = System.getenv("OPENAI_BASE_URL");
    int retries = Integer.parseInt(System.getenv().getOrDefault("OPENAI_MAX_RETRIES", "0"));
    OpenAIClient shared =
        OpenAIOkHttpClient.builder()
            .baseUrl(baseUrl)
            .apiKey("sk-test-not-a-real-key")
            .maxRetries(retries)
            .build();
    OpenAIClient own =
        OpenAIOkHttpClient.builder()
            .baseUrl(baseUrl)
            .apiKey("sk-test-not-a-real-key")
            .maxRetries(retries)
            .jsonMapper(ObjectMappers.jsonMapper().copy())
            .build();
    try {
      for (String scenario : args) {
        System.out.println("== " + scenario);
        try {
          run(scenario, shared, own);
        } catch (RuntimeException e) {
          System.out.println("threw " + e.getClass().getName());
        }
      }
    } finally {
      shared.close();
      own.close();
    }
  }

  private static void run(String scenario, OpenAIClient shared, OpenAIClient own) throws Exception {
    switch (scenario) {
      case "awkward-pair":
        pair(shared, own, (client, model) -> create(client, awkward(model)));
        break;
      case "long-pair":
        pair(shared, own, (client, model) -> create(client, longText(model)));
        break;
      case "media-pair":
        pair(shared, own, (client, model) -> create(client, media(model)));
        break;
      case "tools-pair":
        pair(shared, own, (client, model) -> create(client, tools(model)));
        break;
      case "extra-body-pair":
        pair(shared, own, (client, model) -> create(client, extraBody(model)));
        break;
      case "stream-pair":
        pair(shared, own, (client, model) -> stream(client, awkward(model)));
        break;
      case "async-pair":
        pair(
            shared,
            own,
            (client, model) ->
                print(
                    client
                        .async()
                        .chat()
                        .completions()
                        .create(awkward(model))
                        .get(30, TimeUnit.SECONDS)));
        break;
      case "async-stream-pair":
        pair(
            shared,
            own,
            (client, model) -> {
              StringBuilder text = new StringBuilder();
              client
                  .async()
                  .chat()
                  .completions()
                  .createStreaming(awkward(model))
                  .subscribe(chunk -> appendDelta(text, chunk))
                  .onCompleteFuture()
                  .get(30, TimeUnit.SECONDS);
              System.out.println("streamed " + text);
            });
        break;
      case "raw-pair":
        pair(
            shared,
            own,
            (client, model) ->
                print(
                    client.chat().completions().withRawResponse().create(awkward(model)).parse()));
        break;
      case "closed-port-pair":
        pair(
            closedPort(ObjectMappers.jsonMapper()),
            closedPort(ObjectMappers.jsonMapper().copy()),
            (client, model) -> {
              try {
                create(client, awkward(model));
              } catch (RuntimeException e) {
                System.out.println("threw " + e.getClass().getName());
              }
            });
        break;
      case "nested-same-thread":
        nestedSameThread(System.getenv("OPENAI_BASE_URL"), shared);
        break;
      case "nested-other-thread":
        nestedOtherThread(System.getenv("OPENAI_BASE_URL"), shared);
        break;
      case "two-clients":
        create(shared, awkward("m-two-first"));
        create(own, awkward("m-two-second"));
        create(shared, awkward("m-two-third"));
        break;
      case "threads":
        threads(shared);
        break;
      default:
        throw new IllegalArgumentException("unknown scenario " + scenario);
    }
  }

  /** A call with a client and the model name it must use. */
  private interface Call {
    void make(OpenAIClient client, String model) throws Exception;
  }

  private static int pairs;

  private static void pair(OpenAIClient shared, OpenAIClient own, Call call) throws Exception {
    String model = "m-" + pairs++;
    call.make(shared, model + "-shared");
    call.make(own, model + "-copied");
  }

  private static void create(OpenAIClient client, ChatCompletionCreateParams params) {
    print(client.chat().completions().create(params));
  }

  private static void stream(OpenAIClient client, ChatCompletionCreateParams params) {
    StringBuilder text = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunk -> appendDelta(text, chunk));
    }
    System.out.println("streamed " + text);
  }

  static ChatCompletionCreateParams awkward(String model) {
    return ChatCompletionCreateParams.builder()
        .model(model)
        .addSystemMessage(model + " system " + AWKWARD)
        .addMessage(
            ChatCompletionUserMessageParam.builder()
                .content(AWKWARD)
                .name("user \uD83D\uDE00 \"x\"")
                .build())
        .temperature(0.25)
        .seed(7)
        .build();
  }

  private static ChatCompletionCreateParams longText(String model) {
    // The segments do not depend on the model name, so the two calls of a pair differ only in it.
    StringBuilder text = new StringBuilder(model).append(' ');
    for (int segment = 0; segment < 1500; segment++) {
      text.append("segment ").append(segment).append(" \uD83D\uDE00 \u00e9\n\"\\ ");
      text.append("x".repeat(997));
    }
    // A lone high surrogate right at the end of a long string.
    text.append('\uD83D');
    return ChatCompletionCreateParams.builder()
        .model(model)
        .addUserMessage(text.toString())
        .build();
  }

  private static ChatCompletionCreateParams media(String model) {
    return ChatCompletionCreateParams.builder()
        .model(model)
        .addUserMessageOfArrayOfContentParts(
            List.of(
                ChatCompletionContentPart.ofText(
                    ChatCompletionContentPartText.builder()
                        .text(model + " look " + AWKWARD)
                        .build()),
                ChatCompletionContentPart.ofImageUrl(
                    ChatCompletionContentPartImage.builder()
                        .imageUrl(
                            ChatCompletionContentPartImage.ImageUrl.builder()
                                .url("data:image/png;base64," + "iVBORw0KGgo=".repeat(5000))
                                .detail(ChatCompletionContentPartImage.ImageUrl.Detail.LOW)
                                .build())
                        .build()),
                ChatCompletionContentPart.ofInputAudio(
                    ChatCompletionContentPartInputAudio.builder()
                        .inputAudio(
                            ChatCompletionContentPartInputAudio.InputAudio.builder()
                                .data("UklGRg==".repeat(3000))
                                .format(ChatCompletionContentPartInputAudio.InputAudio.Format.WAV)
                                .build())
                        .build())))
        .build();
  }

  private static ChatCompletionCreateParams tools(String model) {
    FunctionDefinition weather =
        FunctionDefinition.builder()
            .name("get_weather")
            .description("Weather \uD83C\uDF26 " + AWKWARD)
            .parameters(
                FunctionParameters.builder()
                    .putAdditionalProperty("type", JsonValue.from("object"))
                    .putAdditionalProperty(
                        "properties",
                        JsonValue.from(
                            // Sorted maps, because Map.of iterates in an order that differs
                            // between runs.
                            new TreeMap<>(
                                Map.of(
                                    "city \uD83C\uDFD9",
                                    new TreeMap<>(
                                        Map.of(
                                            "type",
                                            "string",
                                            "enum",
                                            List.of("Z\u00fcrich", "\uD83D\uDE00", "a\u2028b")))))))
                    .build())
            .strict(true)
            .build();
    return ChatCompletionCreateParams.builder()
        .model(model)
        .addUserMessage(model + " weather?")
        .addMessage(
            ChatCompletionAssistantMessageParam.builder()
                .addToolCall(
                    ChatCompletionMessageToolCall.ofFunction(
                        ChatCompletionMessageFunctionToolCall.builder()
                            .id("call_\uD83D\uDE00")
                            .function(
                                ChatCompletionMessageFunctionToolCall.Function.builder()
                                    .name("get_weather")
                                    .arguments("{\"city\":\"Z\\u00fcrich \uD83D\uDE00\"}")
                                    .build())
                            .build()))
                .build())
        .addMessage(
            ChatCompletionToolMessageParam.builder()
                .toolCallId("call_\uD83D\uDE00")
                .content("sunny \u2600\uFE0F " + AWKWARD)
                .build())
        .addFunctionTool(weather)
        .parallelToolCalls(false)
        .build();
  }

  private static ChatCompletionCreateParams extraBody(String model) {
    return ChatCompletionCreateParams.builder()
        .model(model)
        .addUserMessage(model + " replaced")
        .addMessage(
            ChatCompletionUserMessageParam.builder()
                .content(model + " with extra")
                .putAdditionalProperty("x_note", JsonValue.from("\uD83D\uDE00 " + AWKWARD))
                .build())
        .putAdditionalBodyProperty("x_vendor", JsonValue.from(Map.of("k", "\uDE00\uD83D")))
        .putAdditionalBodyProperty("temperature", JsonValue.from(0.5))
        .putAdditionalHeader("x-custom", "1")
        .putAdditionalQueryParam("api-version", "2024-01-01")
        .build();
  }

  private static OpenAIClient closedPort(com.fasterxml.jackson.databind.json.JsonMapper mapper) {
    return OpenAIOkHttpClient.builder()
        .baseUrl("http://127.0.0.1:9/v1")
        .apiKey("sk-test-not-a-real-key")
        .maxRetries(0)
        .jsonMapper(mapper)
        .build();
  }

  /**
   * Makes a chat call whose HTTP client makes another chat call on the same thread before it sends
   * the outer request.
   */
  private static void nestedSameThread(String baseUrl, OpenAIClient inner) {
    OpenAIClient outer = withHttpClient(baseUrl, request -> create(inner, awkward("m-inner")));
    try {
      create(outer, awkward("m-outer"));
    } finally {
      outer.close();
    }
  }

  /** Makes the same nested call, but on another thread, where the inner call is traced too. */
  private static void nestedOtherThread(String baseUrl, OpenAIClient inner) throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    OpenAIClient outer =
        withHttpClient(
            baseUrl,
            request -> {
              try {
                executor.submit(() -> create(inner, awkward("m-inner-thread"))).get();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    try {
      create(outer, awkward("m-outer-thread"));
    } finally {
      outer.close();
      executor.shutdown();
    }
  }

  private static OpenAIClient withHttpClient(
      String baseUrl, java.util.function.Consumer<HttpRequest> beforeSend) {
    HttpClient okHttp = com.openai.client.okhttp.OkHttpClient.builder().build();
    HttpClient hooked =
        new HttpClient() {
          @Override
          public HttpResponse execute(HttpRequest request, RequestOptions options) {
            beforeSend.accept(request);
            return okHttp.execute(request, options);
          }

          @Override
          public CompletableFuture<HttpResponse> executeAsync(
              HttpRequest request, RequestOptions options) {
            beforeSend.accept(request);
            return okHttp.executeAsync(request, options);
          }

          @Override
          public void close() {
            okHttp.close();
          }
        };
    return new OpenAIClientImpl(
        ClientOptions.builder()
            .httpClient(hooked)
            .baseUrl(baseUrl)
            .apiKey("sk-test-not-a-real-key")
            .maxRetries(0)
            .build());
  }

  private static void threads(OpenAIClient client) throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(6);
    List<Future<?>> calls = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      String model = "m-thread-" + i;
      calls.add(
          executor.submit(
              () -> {
                if (model.endsWith("3")) {
                  stream(client, awkward(model));
                } else {
                  create(client, awkward(model));
                }
              }));
    }
    for (Future<?> call : calls) {
      call.get(60, TimeUnit.SECONDS);
    }
    executor.shutdown();
  }

  private static void appendDelta(StringBuilder text, ChatCompletionChunk chunk) {
    for (ChatCompletionChunk.Choice choice : chunk.choices()) {
      choice.delta().content().ifPresent(text::append);
    }
  }

  private static void print(ChatCompletion completion) {
    System.out.println(
        "completion " + completion.choices().get(0).message().content().orElse("<none>"));
  }
}
