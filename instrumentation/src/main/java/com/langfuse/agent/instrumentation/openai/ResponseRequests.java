package com.langfuse.agent.instrumentation.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;
import com.openai.core.JsonField;
import com.openai.models.ResponsesModel;
import com.openai.models.responses.ResponseCreateParams;

/** Starts the span of a Responses API call and records its request. */
final class ResponseRequests {

  private ResponseRequests() {}

  static SpanData start(ResponseCreateParams params, boolean streaming) {
    String model = params._model().asKnown().map(ResponseRequests::modelName).orElse(null);
    SpanData span =
        GenAiSpans.start(
            OpenAiProvider.INSTANCE,
            GenAiSpans.OPERATION_CHAT,
            LangfuseAttributes.TYPE_GENERATION,
            model);

    RequestJson body = new RequestJson(params._body());
    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_MODEL_PARAMETERS,
        () -> ModelParameters.fromResponsesRequest(body.tree(), streaming),
        ModelParameters.ESTIMATED_BYTES);
    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_INPUT,
        () -> input(body.tree()),
        ResponseSizes.input(params));
    return span;
  }

  /** Returns the model id whichever form the SDK holds it in, or null. */
  static String modelName(ResponsesModel model) {
    if (model.isString()) {
      return model.asString();
    }
    if (model.isChat()) {
      return model.asChat().asString();
    }
    if (model.isOnly()) {
      return model.asOnly().asString();
    }
    JsonField<?> raw = model._json().orElse(null);
    return raw == null ? null : raw.asString().orElse(null);
  }

  /**
   * Returns the input as chat messages: the instructions as a system message, then the input text
   * as a user message or the input items as sent. With tools, returns {@code {"messages": [...],
   * "tools": [...]}}.
   */
  static String input(JsonNode body) {
    ArrayNode messages = Json.array();
    String instructions = Json.text(body, "instructions");
    if (instructions != null) {
      messages.addObject().put("role", "system").put("content", instructions);
    }
    JsonNode input = Json.present(body, "input");
    if (input != null && input.isArray()) {
      messages.addAll((ArrayNode) input);
    } else if (input != null) {
      messages.addObject().put("role", "user").set("content", input);
    }
    JsonNode tools = Json.present(body, "tools");
    if (tools == null) {
      return messages.isEmpty() ? null : Json.write(messages);
    }
    ObjectNode withTools = Json.object();
    withTools.set("messages", messages);
    withTools.set("tools", tools);
    return Json.write(withTools);
  }
}
