package com.langfuse.agent.instrumentation.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Langfuse's {@code model.parameters}: a flat JSON object of the scalar request parameters the
 * application set, read from the request body as it goes over the wire. A list or object parameter
 * is reduced to one scalar (the stop sequences become their JSON text, the thinking configuration
 * its type and token budget, the tool choice its type or the name of the tool it forces), because
 * Langfuse shows only scalar parameter values.
 */
final class ModelParameters {

  /** Charged against the export queue until the parameters are serialized. */
  static final long ESTIMATED_BYTES = 256;

  private static final String[] SCALARS = {
    "max_tokens", "temperature", "top_p", "top_k", "service_tier", "inference_geo"
  };

  private ModelParameters() {}

  /** Returns the parameters of a Messages API request body, or null when it sets none. */
  static String fromRequest(JsonNode body, boolean streaming) {
    ObjectNode parameters = Json.object();
    for (String key : SCALARS) {
      JsonNode value = Json.value(body, key);
      if (value != null) {
        parameters.set(key, value);
      }
    }
    JsonNode stopSequences = Json.present(body, "stop_sequences");
    if (stopSequences != null) {
      parameters.put("stop_sequences", Json.write(stopSequences));
    }
    JsonNode thinking = Json.present(body, "thinking");
    putText(parameters, "thinking", Json.text(thinking, "type"));
    JsonNode budget = Json.value(thinking, "budget_tokens");
    if (budget != null) {
      parameters.set("thinking_budget_tokens", budget);
    }
    putText(parameters, "effort", Json.text(Json.present(body, "output_config"), "effort"));
    JsonNode toolChoice = Json.present(body, "tool_choice");
    putText(parameters, "tool_choice", toolChoice(toolChoice));
    JsonNode parallel = Json.value(toolChoice, "disable_parallel_tool_use");
    if (parallel != null) {
      parameters.set("disable_parallel_tool_use", parallel);
    }
    if (streaming) {
      parameters.put("stream", true);
    }
    return parameters.isEmpty() ? null : Json.write(parameters);
  }

  /** Returns the name of the tool a tool choice forces, or else its type (auto, any, none). */
  static String toolChoice(JsonNode choice) {
    if (choice == null) {
      return null;
    }
    String name = Json.text(choice, "name");
    return name != null ? name : Json.text(choice, "type");
  }

  private static void putText(ObjectNode parameters, String key, String value) {
    if (value != null) {
      parameters.put(key, value);
    }
  }
}
