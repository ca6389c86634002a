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

  /** The chat request parameters that are copied when they are a string, number or boolean. */
  static final String[] CHAT_SCALARS = {
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

  /**
   * Returns the parameters of a chat completion request body, given as its top-level members, or
   * null when it sets none. The text equals what a tree of the body would give: the values are
   * copied as the SDK wrote them, in the same order.
   */
  static String fromChatRequest(RawJson.Members body, boolean streaming) {
    StringBuilder parameters = new StringBuilder(128).append('{');
    for (String key : CHAT_SCALARS) {
      RawJson value = body.get(key);
      if (value != null && value.isScalar()) {
        value.appendTo(member(parameters, key));
      }
    }
    RawJson stop = body.present("stop");
    if (stop != null && stop.isString()) {
      stop.appendTo(member(parameters, "stop"));
    } else if (stop != null) {
      RawJson.appendQuotedJson(member(parameters, "stop"), stop.text());
    }
    RawJson format = body.present("response_format");
    RawJson formatType = format == null ? null : format.members().string("type");
    if (formatType != null) {
      formatType.appendTo(member(parameters, "response_format"));
    }
    RawJson toolChoice = toolChoice(body.present("tool_choice"));
    if (toolChoice != null) {
      toolChoice.appendTo(member(parameters, "tool_choice"));
    }
    if (streaming) {
      member(parameters, "stream").append("true");
    }
    return parameters.length() == 1 ? null : parameters.append('}').toString();
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

  /** Returns {@link #toolChoice(JsonNode)} for a tool choice given as JSON text. */
  static RawJson toolChoice(RawJson choice) {
    if (choice == null || choice.isString()) {
      return choice;
    }
    RawJson.Members members = choice.members();
    RawJson function = members.present("function");
    RawJson name = function == null ? null : function.members().string("name");
    if (name == null) {
      RawJson custom = members.present("custom");
      name = custom == null ? null : custom.members().string("name");
    }
    if (name == null) {
      name = members.string("name");
    }
    return name != null ? name : members.string("type");
  }

  /** Appends {@code "key":} after a comma unless {@code object} has just been opened. */
  private static StringBuilder member(StringBuilder object, String key) {
    if (object.length() > 1) {
      object.append(',');
    }
    return object.append('"').append(key).append("\":");
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
