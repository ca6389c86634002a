package com.langfuse.agent.it.apps;

import example.bedrock.BedrockWorkflow;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;

/**
 * An application that uses the AWS SDK's Bedrock Runtime client and has no code for the agent. Each
 * scenario makes real SDK calls against {@code BEDROCK_ENDPOINT}, a loopback server, and prints
 * what the SDK returned, so a run with the agent can be compared with a run without it.
 *
 * <p>The clients sign every request with SigV4 using static fake credentials: no AWS account is
 * involved, and the loopback server does not check signatures.
 */
public final class BedrockScenarioApp {

  public static final String CLAUDE = "anthropic.claude-3-haiku-20240307-v1:0";
  public static final String NOVA = "us.amazon.nova-lite-v1:0";
  public static final String LLAMA = "meta.llama3-8b-instruct-v1:0";

  private BedrockScenarioApp() {}

  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(System.getenv("BEDROCK_ENDPOINT"));
    StaticCredentialsProvider credentials =
        StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIDFAKEFORTESTS0000", "fake-secret-for-loopback-tests"));
    // The async client speaks HTTP/2 to Bedrock by default; the loopback server speaks HTTP/1.1,
    // over which Converse, InvokeModel and ConverseStream work alike.
    try (BedrockRuntimeClient client =
            BedrockRuntimeClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        BedrockRuntimeClient noRetries =
            BedrockRuntimeClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                // RetryPolicy is deprecated in newer SDKs, but its replacement, RetryStrategy, is
                // missing from 2.25.63, the oldest release this application also runs on.
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()))
                .build();
        BedrockRuntimeAsyncClient async =
            BedrockRuntimeAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1))
                .build()) {
      for (String scenario : args) {
        System.out.println("== " + scenario);
        try {
          Clients clients = new Clients(client, noRetries, async);
          BedrockWorkflow.step(scenario, () -> run(clients, scenario));
        } catch (RuntimeException | ExecutionException e) {
          boolean wrapped = e instanceof CompletionException || e instanceof ExecutionException;
          Throwable shown = wrapped && e.getCause() != null ? e.getCause() : e;
          System.out.println("threw " + shown.getClass().getName());
        }
      }
    }
  }

  private static void run(Clients clients, String scenario) throws Exception {
    switch (scenario) {
      case "converse":
        print(clients.sync.converse(basicConverse()));
        break;
      case "converse-tool-use":
        print(clients.sync.converse(toolConverse()));
        break;
      case "converse-async":
        print(clients.async.converse(basicConverse()).get(30, TimeUnit.SECONDS));
        break;
      case "converse-stream":
        stream(clients.async, false);
        break;
      case "converse-stream-tool-use":
        stream(clients.async, true);
        break;
      case "invoke-claude":
        print(clients.sync.invokeModel(invoke(CLAUDE, claudeBody())));
        break;
      case "invoke-claude-async":
        print(clients.async.invokeModel(invoke(CLAUDE, claudeBody())).get(30, TimeUnit.SECONDS));
        break;
      case "invoke-claude-stream":
        invokeStream(clients.async);
        break;
      case "invoke-nova":
        print(clients.sync.invokeModel(invoke(NOVA, novaBody())));
        break;
      case "invoke-llama":
        print(clients.sync.invokeModel(invoke(LLAMA, llamaBody())));
        break;
      case "throttled-then-retried":
        print(clients.sync.converse(basicConverse()));
        break;
      case "error-validation":
        clients.sync.converse(
            basicConverse().toBuilder().modelId("anthropic.claude-unknown-v9:0").build());
        break;
      case "error-throttling":
        clients.noRetries.converse(basicConverse());
        break;
      case "error-stream":
        stream(clients.async, false);
        break;
      default:
        throw new IllegalArgumentException("unknown scenario " + scenario);
    }
  }

  private static ConverseRequest basicConverse() {
    return ConverseRequest.builder()
        .modelId(CLAUDE)
        .system(SystemContentBlock.fromText("Answer in one word."))
        .messages(userMessage("Say hello in one word."))
        .inferenceConfig(
            config -> config.maxTokens(100).temperature(0.5f).topP(0.9f).stopSequences("END"))
        .additionalModelRequestFields(Document.mapBuilder().putNumber("top_k", 5).build())
        .build();
  }

  private static ConverseRequest toolConverse() {
    return ConverseRequest.builder()
        .modelId(CLAUDE)
        .messages(userMessage("What is the weather in Paris?"))
        .toolConfig(weatherTool())
        .build();
  }

  private static ToolConfiguration weatherTool() {
    Document schema =
        Document.mapBuilder()
            .putString("type", "object")
            .putDocument(
                "properties",
                Document.mapBuilder()
                    .putDocument("city", Document.mapBuilder().putString("type", "string").build())
                    .build())
            .putList("required", List.of(Document.fromString("city")))
            .build();
    return ToolConfiguration.builder()
        .tools(
            Tool.fromToolSpec(
                ToolSpecification.builder()
                    .name("get_weather")
                    .description("Returns the current weather of a city.")
                    .inputSchema(ToolInputSchema.fromJson(schema))
                    .build()))
        .build();
  }

  private static Message userMessage(String text) {
    return Message.builder()
        .role(ConversationRole.USER)
        .content(ContentBlock.fromText(text))
        .build();
  }

  private static void stream(BedrockRuntimeAsyncClient async, boolean tools) throws Exception {
    ConverseStreamRequest.Builder request =
        ConverseStreamRequest.builder()
            .modelId(CLAUDE)
            .system(SystemContentBlock.fromText("Answer in one word."))
            .messages(userMessage(tools ? "What is the weather in Paris?" : "Say hello."))
            .inferenceConfig(config -> config.maxTokens(50));
    if (tools) {
      request.toolConfig(weatherTool());
    }
    StringBuilder text = new StringBuilder();
    StringBuilder toolInput = new StringBuilder();
    int[] events = {0};
    ConverseStreamResponseHandler handler =
        ConverseStreamResponseHandler.builder()
            .subscriber(
                ConverseStreamResponseHandler.Visitor.builder()
                    .onContentBlockDelta(
                        delta -> {
                          events[0]++;
                          if (delta.delta().text() != null) {
                            text.append(delta.delta().text());
                          }
                          if (delta.delta().toolUse() != null) {
                            toolInput.append(delta.delta().toolUse().input());
                          }
                        })
                    .onMessageStop(stop -> System.out.println("stop: " + stop.stopReasonAsString()))
                    .onMetadata(
                        metadata ->
                            System.out.println(
                                "usage: "
                                    + metadata.usage().inputTokens()
                                    + " in, "
                                    + metadata.usage().outputTokens()
                                    + " out"))
                    .build())
            .build();
    async.converseStream(request.build(), handler).get(30, TimeUnit.SECONDS);
    System.out.println("streamed: " + text + " (" + events[0] + " deltas)");
    if (toolInput.length() > 0) {
      System.out.println("tool input: " + toolInput);
    }
  }

  private static void invokeStream(BedrockRuntimeAsyncClient async) throws Exception {
    InvokeModelWithResponseStreamRequest request =
        InvokeModelWithResponseStreamRequest.builder()
            .modelId(CLAUDE)
            .contentType("application/json")
            .accept("application/json")
            .body(SdkBytes.fromString(claudeBody(), StandardCharsets.UTF_8))
            .build();
    List<String> chunks = new ArrayList<>();
    InvokeModelWithResponseStreamResponseHandler handler =
        InvokeModelWithResponseStreamResponseHandler.builder()
            .subscriber(
                InvokeModelWithResponseStreamResponseHandler.Visitor.builder()
                    .onChunk(chunk -> chunks.add(chunk.bytes().asUtf8String()))
                    .build())
            .build();
    async.invokeModelWithResponseStream(request, handler).get(30, TimeUnit.SECONDS);
    System.out.println("chunks: " + chunks.size());
    System.out.println("last chunk: " + chunks.get(chunks.size() - 1));
  }

  private static InvokeModelRequest invoke(String modelId, String body) {
    return InvokeModelRequest.builder()
        .modelId(modelId)
        .contentType("application/json")
        .accept("application/json")
        .body(SdkBytes.fromString(body, StandardCharsets.UTF_8))
        .build();
  }

  private static String claudeBody() {
    return "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":200,"
        + "\"temperature\":0.2,\"system\":\"Answer briefly.\","
        + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
        + "\"text\":\"Name the largest ocean.\"}]}]}";
  }

  private static String novaBody() {
    return "{\"schemaVersion\":\"messages-v1\",\"system\":[{\"text\":\"Answer briefly.\"}],"
        + "\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Name the largest ocean.\"}]}],"
        + "\"inferenceConfig\":{\"maxTokens\":300,\"topP\":0.9,\"temperature\":0.3}}";
  }

  private static String llamaBody() {
    return "{\"prompt\":\"<|begin_of_text|><|start_header_id|>user<|end_header_id|>\\n"
        + "Name the largest ocean.<|eot_id|><|start_header_id|>assistant<|end_header_id|>\\n\","
        + "\"max_gen_len\":128,\"temperature\":0.5,\"top_p\":0.9}";
  }

  private static void print(ConverseResponse response) {
    System.out.println(
        "output: " + response.output().message().content() + " stop: " + response.stopReason());
    System.out.println(
        "usage: "
            + response.usage().inputTokens()
            + " in, "
            + response.usage().outputTokens()
            + " out");
  }

  private static void print(InvokeModelResponse response) {
    System.out.println("body: " + response.body().asUtf8String());
  }

  /** The clients every scenario may use. */
  private static final class Clients {
    final BedrockRuntimeClient sync;
    final BedrockRuntimeClient noRetries;
    final BedrockRuntimeAsyncClient async;

    Clients(
        BedrockRuntimeClient sync,
        BedrockRuntimeClient noRetries,
        BedrockRuntimeAsyncClient async) {
      this.sync = sync;
      this.noRetries = noRetries;
      this.async = async;
    }
  }
}
