package com.langfuse.agent.instrumentation.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Langfuse's {@code model.parameters}: a flat JSON object of the scalar request parameters the
 * application set, read from the request body as it goes over the wire. A list or object parameter
 * is reduced to one scalar (a list of stop sequences becomes its JSON text, a response format its
 * type), because Langfuse shows only scalar parameter values.
 */
final class ModelParameters {

  /** Charged against the export queue until the parameters are serialized. */
  static final long ESTIMATED_BYTES = 256;

  private static final String[] CHAT_SCALARS = {
    "temperature",
    "top_p",
    "max_tokens",
    "max_completion_tokens",
    "frequency_penalty",
    "presence_penalty",
    "seed",
    "n",
    "reasoning_effort",
    "service_tier",
    "parallel_tool_calls",
    "logprobs",
    "top_logprobs"
  };

  private static final String[] RESPONSES_SCALARS = {
    "temperature", "top_p", "max_output_tokens", "truncation", "service_tier", "parallel_tool_calls"
  };

  private ModelParameters() {}

  /** Returns the parameters of a chat completion request body, or null when it sets none. */
  static String fromChatRequest(JsonNode body, boolean streaming) {
    ObjectNode parameters = Json.object();
    copyScalars(body, CHAT_SCALARS, parameters);
    JsonNode stop = Json.present(body, "stop");
    if (stop != null && stop.isTextual()) {
      parameters.put("stop", stop.asText());
    } else if (stop != null) {
      parameters.put("stop", Json.write(stop));
    }
    putText(
        parameters, "response_format", Json.text(Json.present(body, "response_format"), "type"));
    putText(parameters, "tool_choice", toolChoice(Json.present(body, "tool_choice")));
    return finish(parameters, streaming);
  }

  /** Returns the parameters of a Responses API request body, or null when it sets none. */
  static String fromResponsesRequest(JsonNode body, boolean streaming) {
    ObjectNode parameters = Json.object();
    copyScalars(body, RESPONSES_SCALARS, parameters);
    putText(parameters, "reasoning_effort", Json.text(Json.present(body, "reasoning"), "effort"));
    putText(parameters, "tool_choice", toolChoice(Json.present(body, "tool_choice")));
    JsonNode format = Json.present(Json.present(body, "text"), "format");
    putText(parameters, "text_format", Json.text(format, "type"));
    return finish(parameters, streaming);
  }

  /**
   * Returns the mode of a tool choice ({@code auto}, {@code none}, {@code required}), the name of
   * the function or custom tool it forces, or else its type.
   */
  static String toolChoice(JsonNode choice) {
    if (choice == null) {
      return null;
    }
    if (choice.isTextual()) {
      return choice.asText();
    }
    String name = Json.text(Json.present(choice, "function"), "name");
    if (name == null) {
      name = Json.text(Json.present(choice, "custom"), "name");
    }
    if (name == null) {
      name = Json.text(choice, "name");
    }
    return name != null ? name : Json.text(choice, "type");
  }

  private static void copyScalars(JsonNode body, String[] keys, ObjectNode parameters) {
    for (String key : keys) {
      JsonNode value = Json.value(body, key);
      if (value != null) {
        parameters.set(key, value);
      }
    }
  }

  private static void putText(ObjectNode parameters, String key, String value) {
    if (value != null) {
      parameters.put(key, value);
    }
  }

  private static String finish(ObjectNode parameters, boolean streaming) {
    if (streaming) {
      parameters.put("stream", true);
    }
    return parameters.isEmpty() ? null : Json.write(parameters);
  }
}
