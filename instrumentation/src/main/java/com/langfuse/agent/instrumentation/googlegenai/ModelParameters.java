package com.langfuse.agent.instrumentation.googlegenai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Langfuse's {@code model.parameters}: a flat JSON object of the scalar generation parameters the
 * application set in its {@code GenerateContentConfig}, under the config's own field names.
 * Langfuse shows only scalar parameter values, so a list or object parameter is reduced to scalars.
 * The stop sequences become their JSON text, the thinking configuration its budget, level and
 * whether thoughts are included, and the tool configuration its function calling mode.
 */
final class ModelParameters {

  /** Charged against the export queue until the parameters are serialized. */
  static final long ESTIMATED_BYTES = 256;

  private static final String[] SCALARS = {
    "temperature",
    "topP",
    "topK",
    "candidateCount",
    "maxOutputTokens",
    "presencePenalty",
    "frequencyPenalty",
    "seed",
    "responseMimeType",
    "responseLogprobs",
    "logprobs",
    "serviceTier",
    "mediaResolution"
  };

  private static final String[] THINKING = {"thinkingBudget", "thinkingLevel", "includeThoughts"};

  private ModelParameters() {}

  /**
   * Returns the parameters of a {@code GenerateContentConfig} given as JSON (null when the call had
   * no config), or null when it sets none.
   */
  static String fromConfig(JsonNode config, boolean streaming) {
    ObjectNode parameters = Json.object();
    for (String key : SCALARS) {
      putValue(parameters, key, Json.value(config, key));
    }
    JsonNode stopSequences = Json.present(config, "stopSequences");
    if (stopSequences != null) {
      parameters.put("stopSequences", Json.write(stopSequences));
    }
    JsonNode thinking = Json.present(config, "thinkingConfig");
    for (String key : THINKING) {
      putValue(parameters, key, Json.value(thinking, key));
    }
    JsonNode functionCalling =
        Json.present(Json.present(config, "toolConfig"), "functionCallingConfig");
    putValue(parameters, "functionCallingMode", Json.value(functionCalling, "mode"));
    if (streaming) {
      parameters.put("stream", true);
    }
    return parameters.isEmpty() ? null : Json.write(parameters);
  }

  private static void putValue(ObjectNode parameters, String key, JsonNode value) {
    if (value != null) {
      parameters.set(key, value);
    }
  }
}
