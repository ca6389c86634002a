package com.langfuse.agent.instrumentation.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

/** Starts the span of a chat completion call and records its request. */
final class ChatRequests {

  private ChatRequests() {}

  static SpanData start(ChatCompletionCreateParams params, boolean streaming) {
    String model = params._model().asKnown().map(ChatModel::asString).orElse(null);
    SpanData span =
        GenAiSpans.start(
            OpenAiProvider.INSTANCE,
            GenAiSpans.OPERATION_CHAT,
            LangfuseAttributes.TYPE_GENERATION,
            model);

    RequestJson body = new RequestJson(params._body());
    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_MODEL_PARAMETERS,
        () -> ModelParameters.fromChatRequest(body.tree(), streaming),
        ModelParameters.ESTIMATED_BYTES);
    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_INPUT, () -> input(body.tree()), ChatSizes.input(params));
    return span;
  }

  /**
   * Returns the messages as sent, or {@code {"messages": [...], "tools": [...]}} when the request
   * also defines tools (or legacy functions).
   */
  static String input(JsonNode body) {
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
}
