package com.langfuse.agent.instrumentation.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.JsonValue;
import com.openai.models.ChatModel;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ReasoningEffort;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAudio;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionNamedToolChoice;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import com.openai.services.blocking.chat.ChatCompletionService;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks that the chat attributes cut from the serialized JSON text are the same text, char for
 * char, as the attributes picked from a Jackson tree of the same SDK objects. The tree versions
 * below are the reference. Each request is checked twice: with the fields serialized on the
 * exporter thread, and with the body the SDK serialized for the wire, as a plain call and as a
 * streaming call sends it.
 */
class ChatJsonTextTest {

  /** A chat service of a client with the SDK's default options; never called. */
  static final ChatCompletionService SERVICE = SentBodies.defaultService();

  private static final String[] CHAT_RECORDINGS = {
    "chat-all-client-options",
    "chat-basic",
    "chat-developer-message",
    "chat-multiple-choices",
    "chat-tool-calls-1",
    "chat-tool-calls-2"
  };

  private static final String AWKWARD_TEXT =
      "quote \" backslash \\ slash / tab \t newline \n nul \u0000 unit \u001f del \u007f"
          + " e-acute \u00e9 euro \u20ac robot \uD83E\uDD16 lone \uD800 end \\\"";

  @Test
  void recordedRequestsGiveTreeText() {
    for (String name : CHAT_RECORDINGS) {
      ChatCompletionCreateParams.Body body = recordedRequest(name);

      assertSameAsTree(name, body);
    }
  }

  @Test
  void builtRequestsGiveTreeText() {
    List<ChatCompletionCreateParams> requests = builtRequests();
    for (int i = 0; i < requests.size(); i++) {
      assertSameAsTree("built request " + i, requests.get(i)._body());
    }
  }

  @Test
  void recordedChoicesGiveTreeText() {
    for (String name : CHAT_RECORDINGS) {
      ChatCompletion completion =
          Recordings.parse(Recordings.reply(name).bodyText(), ChatCompletion.class);
      List<ChatCompletion.Choice> choices = completion.choices();

      assertThat(ChatOutput.fromChoices(choices)).as(name).isEqualTo(treeOutput(choices));
    }
  }

  @Test
  void builtChoicesGiveTreeText() {
    List<List<ChatCompletion.Choice>> cases = builtChoices();
    for (int i = 0; i < cases.size(); i++) {
      List<ChatCompletion.Choice> choices = cases.get(i);

      assertThat(ChatOutput.fromChoices(choices))
          .as("built choices " + i)
          .isEqualTo(treeOutput(choices));
    }
  }

  @Test
  void parametersWithoutAnyAreNull() {
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O).addUserMessage("hi").build();

    String parameters =
        ModelParameters.fromChatRequest(new ChatRequestJson(params._body()).members(), false);

    assertThat(parameters).isNull();
  }

  @Test
  void streamingAddsStreamParameter() {
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O).addUserMessage("hi").build();

    String parameters =
        ModelParameters.fromChatRequest(new ChatRequestJson(params._body()).members(), true);

    assertThat(parameters).isEqualTo("{\"stream\":true}");
  }

  private static void assertSameAsTree(String name, ChatCompletionCreateParams.Body body) {
    JsonNode tree = Json.tree(body);
    assertSameAsTree(name + ", fields", new ChatRequestJson(body), tree);

    ChatRequestJson sent = new ChatRequestJson(body, SERVICE);
    sent.onRequestBody(SentBodies.json(body));
    assertSameAsTree(name + ", sent body", sent, tree);
    assertThat(sent.fromSentBody())
        .as(name + " read from the sent body")
        .isEqualTo(SentRequestJson.sdkSharesMapper());

    ChatRequestJson sentStreaming = new ChatRequestJson(body, SERVICE);
    sentStreaming.onRequestBody(SentBodies.json(SentBodies.streaming(body)));
    assertSameAsTree(name + ", sent streaming body", sentStreaming, tree);
    assertThat(sentStreaming.fromSentBody())
        .as(name + " read from the sent body")
        .isEqualTo(SentRequestJson.sdkSharesMapper());
  }

  private static void assertSameAsTree(String name, ChatRequestJson json, JsonNode tree) {
    assertThat(ChatRequests.input(json.members())).as(name + " input").isEqualTo(treeInput(tree));
    for (boolean streaming : new boolean[] {false, true}) {
      assertThat(ModelParameters.fromChatRequest(json.members(), streaming))
          .as(name + " model parameters, streaming " + streaming)
          .isEqualTo(treeParameters(tree, streaming));
    }
  }

  private static ChatCompletionCreateParams.Body recordedRequest(String name) {
    byte[] request = Recordings.request(name);
    return Recordings.parse(
        new String(request, StandardCharsets.UTF_8), ChatCompletionCreateParams.Body.class);
  }

  private static List<ChatCompletionCreateParams> builtRequests() {
    FunctionDefinition weather =
        FunctionDefinition.builder()
            .name("get_weather")
            .description(AWKWARD_TEXT)
            .parameters(
                FunctionParameters.builder()
                    .putAdditionalProperty("type", JsonValue.from("object"))
                    .putAdditionalProperty(
                        "properties", JsonValue.from(Map.of("location", Map.of("type", "string"))))
                    .build())
            .build();
    List<ChatCompletionCreateParams> requests = new ArrayList<>();
    requests.add(
        ChatCompletionCreateParams.builder()
            .model(ChatModel.GPT_4O_MINI)
            .addSystemMessage("You are terse.")
            .addUserMessage(AWKWARD_TEXT)
            .temperature(0.7)
            .topP(0.95)
            .maxTokens(12)
            .frequencyPenalty(-0.5)
            .presencePenalty(1.25e-3)
            .seed(-42)
            .n(3)
            .logprobs(true)
            .topLogprobs(2)
            .parallelToolCalls(false)
            .stopOfStrings(List.of("END", "\"quoted\"", "back\\slash"))
            .responseFormat(ResponseFormatJsonObject.builder().build())
            .addFunctionTool(weather)
            .toolChoice(
                ChatCompletionToolChoiceOption.ofNamedToolChoice(
                    ChatCompletionNamedToolChoice.builder()
                        .function(
                            ChatCompletionNamedToolChoice.Function.builder()
                                .name("get_weather")
                                .build())
                        .build()))
            .build());
    requests.add(
        ChatCompletionCreateParams.builder()
            .model("my-model \u00e9")
            .addUserMessageOfArrayOfContentParts(
                List.of(
                    ChatCompletionContentPart.ofText(
                        ChatCompletionContentPartText.builder().text(AWKWARD_TEXT).build()),
                    ChatCompletionContentPart.ofImageUrl(
                        ChatCompletionContentPartImage.builder()
                            .imageUrl(
                                ChatCompletionContentPartImage.ImageUrl.builder()
                                    .url("data:image/png;base64,iVBORw0KGgo=")
                                    .build())
                            .build())))
            .stop("STOP \"now\"")
            .toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED)
            .maxCompletionTokens(5)
            .putAdditionalBodyProperty("functions", JsonValue.from(List.of(Map.of("name", "f"))))
            .putAdditionalBodyProperty("reasoning_effort", JsonValue.from("low"))
            .build());
    requests.add(
        ChatCompletionCreateParams.builder()
            .model(ChatModel.GPT_4O_MINI)
            .addDeveloperMessage(AWKWARD_TEXT)
            .addUserMessage("second")
            .stop("STOP \"now\"")
            .toolChoice(ChatCompletionToolChoiceOption.Auto.AUTO)
            .reasoningEffort(ReasoningEffort.LOW)
            .serviceTier(ChatCompletionCreateParams.ServiceTier.FLEX)
            .temperature(JsonValue.from(List.of(1)))
            .topP(JsonValue.from(null))
            .maxTokens(Long.MAX_VALUE)
            .build());
    requests.add(
        ChatCompletionCreateParams.builder()
            .model(ChatModel.GPT_4O)
            .messages(List.of())
            .addFunctionTool(weather)
            .putAdditionalBodyProperty("tool_choice", JsonValue.from(Map.of("type", "custom_x")))
            .putAdditionalBodyProperty(
                "response_format", JsonValue.from(Map.of("type", "json_schema", "x", 1)))
            .putAdditionalBodyProperty("temperature", JsonValue.from(List.of(1)))
            .build());
    requests.add(
        ChatCompletionCreateParams.builder()
            .model(ChatModel.GPT_4O)
            .addUserMessage("with a null and a nested object")
            .putAdditionalBodyProperty("stop", JsonValue.from(null))
            .putAdditionalBodyProperty(
                "tool_choice", JsonValue.from(Map.of("custom", Map.of("name", "grammar"))))
            .putAdditionalBodyProperty("service_tier", JsonValue.from("flex"))
            .build());
    return requests;
  }

  private static List<List<ChatCompletion.Choice>> builtChoices() {
    ChatCompletion.Choice toolCall =
        ChatCompletion.Choice.builder()
            .index(0)
            .finishReason(ChatCompletion.Choice.FinishReason.TOOL_CALLS)
            .logprobs(JsonValue.from(null))
            .message(
                ChatCompletionMessage.builder()
                    .content(AWKWARD_TEXT)
                    .refusal("I won't \"do\" that")
                    .addToolCall(
                        ChatCompletionMessageFunctionToolCall.builder()
                            .id("call_1")
                            .function(
                                ChatCompletionMessageFunctionToolCall.Function.builder()
                                    .name("get_weather")
                                    .arguments("{\"location\":\"Z\u00fcrich\"}")
                                    .build())
                            .build())
                    .audio(
                        ChatCompletionAudio.builder()
                            .id("audio_1")
                            .data("AAAA")
                            .expiresAt(1L)
                            .transcript(AWKWARD_TEXT)
                            .build())
                    .build())
            .build();
    ChatCompletion.Choice noContent =
        ChatCompletion.Choice.builder()
            .index(1)
            .finishReason(ChatCompletion.Choice.FinishReason.LENGTH)
            .logprobs(JsonValue.from(null))
            .message(
                ChatCompletionMessage.builder()
                    .content(JsonValue.from(null))
                    .refusal(JsonValue.from(null))
                    .build())
            .build();
    ChatCompletion.Choice oddMessage =
        ChatCompletion.Choice.builder()
            .index(2)
            .finishReason(JsonValue.from(null))
            .logprobs(JsonValue.from(null))
            .message(JsonValue.from("not an object"))
            .build();
    ChatCompletion.Choice extraProperty =
        ChatCompletion.Choice.builder()
            .index(3)
            .finishReason(ChatCompletion.Choice.FinishReason.STOP)
            .logprobs(JsonValue.from(null))
            .message(
                ChatCompletionMessage.builder()
                    .content("plain")
                    .refusal(JsonValue.from(null))
                    .putAdditionalProperty("content", JsonValue.from("replaced"))
                    .build())
            .build();
    ChatCompletion.Choice noRoleOrContent =
        Recordings.parse(
            "{\"finish_reason\":\"stop\",\"index\":0,\"message\":{\"refusal\":null}}",
            ChatCompletion.Choice.class);
    ChatCompletion.Choice numberRole =
        Recordings.parse(
            "{\"finish_reason\":null,\"index\":0,\"message\":{\"role\":7,\"content\":\"x\","
                + "\"audio\":{\"id\":\"a\",\"transcript\":\"t\\\"\"}}}",
            ChatCompletion.Choice.class);
    ChatCompletion.Choice oddAudio =
        Recordings.parse(
            "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"x\","
                + "\"audio\":\"not an object\"}}",
            ChatCompletion.Choice.class);
    ChatCompletion.Choice plainText =
        ChatCompletion.Choice.builder()
            .index(4)
            .finishReason(ChatCompletion.Choice.FinishReason.STOP)
            .logprobs(JsonValue.from(null))
            .message(
                ChatCompletionMessage.builder().content(AWKWARD_TEXT).refusal(AWKWARD_TEXT).build())
            .build();
    ChatCompletion.Choice plainNoFinishReason =
        ChatCompletion.Choice.builder()
            .index(5)
            .finishReason(JsonValue.from(null))
            .logprobs(JsonValue.from(null))
            .message(
                ChatCompletionMessage.builder()
                    .content("short")
                    .refusal(JsonValue.from(null))
                    .build())
            .build();
    ChatCompletion.Choice unknownFinishReason =
        Recordings.parse(
            "{\"finish_reason\":\"new_reason\",\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"x\"}}",
            ChatCompletion.Choice.class);
    ChatCompletion.Choice numberFinishReason =
        Recordings.parse(
            "{\"finish_reason\":7,\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"x\"}}",
            ChatCompletion.Choice.class);
    ChatCompletion.Choice listContent =
        Recordings.parse(
            "{\"finish_reason\":\"stop\",\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":[1,\"a\"],"
                + "\"refusal\":{\"x\":1}}}",
            ChatCompletion.Choice.class);
    return List.of(
        List.of(plainText),
        List.of(plainNoFinishReason),
        List.of(plainText, plainNoFinishReason),
        List.of(unknownFinishReason),
        List.of(numberFinishReason),
        List.of(listContent),
        List.of(plainText, toolCall),
        List.of(noRoleOrContent),
        List.of(numberRole),
        List.of(oddAudio),
        List.of(numberRole, noRoleOrContent),
        List.of(toolCall),
        List.of(noContent),
        List.of(toolCall, noContent, oddMessage),
        List.of(extraProperty),
        List.of());
  }

  // The tree versions the text versions replaced, kept as the reference.

  private static String treeInput(JsonNode body) {
    JsonNode messages = Json.present(body, "messages");
    JsonNode tools = Json.present(body, "tools");
    JsonNode functions = Json.present(body, "functions");
    if (tools == null && functions == null) {
      return messages == null ? null : Json.write(messages);
    }
    ObjectNode input = Json.object();
    input.set("messages", messages == null ? Json.array() : messages);
    if (tools != null) {
      input.set("tools", tools);
    }
    if (functions != null) {
      input.set("functions", functions);
    }
    return Json.write(input);
  }

  private static String treeParameters(JsonNode body, boolean streaming) {
    ObjectNode parameters = Json.object();
    for (String key : ModelParameters.CHAT_SCALARS) {
      JsonNode value = Json.value(body, key);
      if (value != null) {
        parameters.set(key, value);
      }
    }
    JsonNode stop = Json.present(body, "stop");
    if (stop != null && stop.isTextual()) {
      parameters.put("stop", stop.asText());
    } else if (stop != null) {
      parameters.put("stop", Json.write(stop));
    }
    String format = Json.text(Json.present(body, "response_format"), "type");
    if (format != null) {
      parameters.put("response_format", format);
    }
    String toolChoice = ModelParameters.toolChoice(Json.present(body, "tool_choice"));
    if (toolChoice != null) {
      parameters.put("tool_choice", toolChoice);
    }
    if (streaming) {
      parameters.put("stream", true);
    }
    return parameters.isEmpty() ? null : Json.write(parameters);
  }

  private static String treeOutput(List<ChatCompletion.Choice> choices) {
    ArrayNode messages = Json.array();
    for (ChatCompletion.Choice choice : choices) {
      JsonNode tree = Json.tree(choice);
      ObjectNode message = Json.object();
      JsonNode sent = Json.present(tree, "message");
      String role = Json.text(sent, "role");
      message.put("role", role != null ? role : "assistant");
      JsonNode content = sent == null ? null : sent.get("content");
      message.set("content", content == null ? NullNode.getInstance() : content);
      copyIfPresent(sent, "refusal", message);
      copyIfPresent(sent, "tool_calls", message);
      copyIfPresent(sent, "function_call", message);
      copyIfPresent(Json.present(sent, "audio"), "transcript", message);
      copyIfPresent(tree, "finish_reason", message);
      messages.add(message);
    }
    return ChatOutput.write(messages);
  }

  private static void copyIfPresent(JsonNode from, String field, ObjectNode to) {
    JsonNode value = Json.present(from, field);
    if (value != null) {
      to.set(field, value);
    }
  }
}
