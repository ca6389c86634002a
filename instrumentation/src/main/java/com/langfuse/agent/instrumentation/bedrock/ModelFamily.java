package com.langfuse.agent.instrumentation.bedrock;

import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The request and response body formats of InvokeModel, which differ by model provider. Claude's
 * Messages format is read in full. Amazon Nova's and Meta Llama's formats are read for their
 * parameters, input, output, stop reason and usage. Any other model gets its whole request body as
 * input, its whole response body as output, and its numeric and boolean top-level request fields as
 * parameters.
 */
enum ModelFamily {
  ANTHROPIC {
    @Override
    String parameters(JsonNode body) {
      StringBuilder json = new StringBuilder(128).append('{');
      copyScalars(json, body, "max_tokens", "temperature", "top_p", "top_k");
      copyAsText(json, body, "stop_sequences");
      JsonNode thinking = JsonNodes.get(body, "thinking");
      copyScalar(json, "thinking", JsonNodes.get(thinking, "type"));
      copyScalar(json, "thinking_budget_tokens", JsonNodes.get(thinking, "budget_tokens"));
      return close(json);
    }

    @Override
    String input(JsonNode body) {
      String messages = messagesWithSystem(body, JsonNodes.get(body, "system"));
      JsonNode tools = JsonNodes.get(body, "tools");
      return tools == null ? messages : withTools(messages, "tools", tools);
    }

    @Override
    void readResponse(JsonNode body, InvokeModelResults.Result result) {
      result.id = JsonNodes.text(body, "id");
      result.model = JsonNodes.text(body, "model");
      result.stopReason = JsonNodes.text(body, "stop_reason");
      JsonNode usage = JsonNodes.get(body, "usage");
      result.usage.input = JsonNodes.number(usage, "input_tokens");
      result.usage.output = JsonNodes.number(usage, "output_tokens");
      result.usage.cacheRead = JsonNodes.number(usage, "cache_read_input_tokens");
      result.usage.cacheWrite = JsonNodes.number(usage, "cache_creation_input_tokens");
      JsonNode split = JsonNodes.get(usage, "cache_creation");
      result.usage.cacheWrite5m = JsonNodes.number(split, "ephemeral_5m_input_tokens");
      result.usage.cacheWrite1h = JsonNodes.number(split, "ephemeral_1h_input_tokens");
      result.output = () -> outputObject(body, "role", "content", "stop_reason");
    }
  },

  NOVA {
    @Override
    String parameters(JsonNode body) {
      StringBuilder json = new StringBuilder(128).append('{');
      JsonNode config = JsonNodes.get(body, "inferenceConfig");
      copyScalars(json, config, "max_new_tokens", "maxTokens", "temperature", "top_p", "topP");
      copyScalars(json, config, "top_k", "topK");
      copyAsText(json, config, "stopSequences");
      return close(json);
    }

    @Override
    String input(JsonNode body) {
      String messages = messagesWithSystem(body, JsonNodes.get(body, "system"));
      JsonNode tools = JsonNodes.get(body, "toolConfig");
      return tools == null ? messages : withTools(messages, "toolConfig", tools);
    }

    @Override
    void readResponse(JsonNode body, InvokeModelResults.Result result) {
      result.stopReason = JsonNodes.text(body, "stopReason");
      JsonNode usage = JsonNodes.get(body, "usage");
      result.usage.input = JsonNodes.number(usage, "inputTokens");
      result.usage.output = JsonNodes.number(usage, "outputTokens");
      result.usage.total = JsonNodes.number(usage, "totalTokens");
      result.usage.cacheRead = JsonNodes.number(usage, "cacheReadInputTokenCount");
      result.usage.cacheWrite = JsonNodes.number(usage, "cacheWriteInputTokenCount");
      JsonNode message = JsonNodes.get(JsonNodes.get(body, "output"), "message");
      if (message != null) {
        String stopReason = result.stopReason;
        result.output = () -> ConverseResults.output(JsonNodes.write(message), stopReason);
      }
    }
  },

  LLAMA {
    @Override
    String parameters(JsonNode body) {
      StringBuilder json = new StringBuilder(96).append('{');
      copyScalars(json, body, "max_gen_len", "temperature", "top_p");
      return close(json);
    }

    @Override
    String input(JsonNode body) {
      JsonNode prompt = JsonNodes.get(body, "prompt");
      return prompt != null ? JsonNodes.write(prompt) : JsonNodes.write(body);
    }

    @Override
    void readResponse(JsonNode body, InvokeModelResults.Result result) {
      result.stopReason = JsonNodes.text(body, "stop_reason");
      result.usage.input = JsonNodes.number(body, "prompt_token_count");
      result.usage.output = JsonNodes.number(body, "generation_token_count");
      JsonNode generation = JsonNodes.get(body, "generation");
      if (generation != null) {
        result.output = () -> JsonNodes.write(generation);
      }
    }
  },

  OTHER {
    @Override
    String parameters(JsonNode body) {
      StringBuilder json = new StringBuilder(96).append('{');
      if (body != null && body.isObject()) {
        for (Map.Entry<String, JsonNode> entry : body.asObject().entrySet()) {
          JsonNode value = entry.getValue();
          if (value != null && (value.isNumber() || value.isBoolean())) {
            copyScalar(json, entry.getKey(), value);
          }
        }
      }
      return close(json);
    }

    @Override
    String input(JsonNode body) {
      return JsonNodes.write(body);
    }

    @Override
    void readResponse(JsonNode body, InvokeModelResults.Result result) {
      result.output = () -> JsonNodes.write(body);
    }
  };

  /**
   * Returns the family of {@code modelId}: a base model id such as {@code
   * anthropic.claude-3-haiku-20240307-v1:0}, a cross-region inference profile id such as {@code
   * us.amazon.nova-lite-v1:0}, or an ARN that ends with either.
   */
  static ModelFamily of(String modelId) {
    if (modelId == null) {
      return OTHER;
    }
    if (modelId.contains("anthropic.")) {
      return ANTHROPIC;
    }
    if (modelId.contains("amazon.nova")) {
      return NOVA;
    }
    if (modelId.contains("meta.llama")) {
      return LLAMA;
    }
    return OTHER;
  }

  /** Returns Langfuse's {@code model.parameters} of a request body, or null when it sets none. */
  abstract String parameters(JsonNode body);

  /** Returns the input JSON of a request body. */
  abstract String input(JsonNode body);

  /** Reads a response body into {@code result}. */
  abstract void readResponse(JsonNode body, InvokeModelResults.Result result);

  /** Returns the {@code messages} array with {@code system} first as a message of role system. */
  static String messagesWithSystem(JsonNode body, JsonNode system) {
    StringBuilder out = new StringBuilder(512).append('[');
    if (system != null) {
      out.append("{\"role\":\"system\",\"content\":");
      JsonNodes.append(out, system, 1);
      out.append('}');
    }
    JsonNode messages = JsonNodes.get(body, "messages");
    if (messages != null && messages.isArray()) {
      for (JsonNode message : messages.asArray()) {
        if (out.length() > 1) {
          out.append(',');
        }
        JsonNodes.append(out, message, 1);
      }
    }
    return out.append(']').toString();
  }

  static String withTools(String messages, String key, JsonNode tools) {
    StringBuilder out = new StringBuilder(messages.length() + 512).append('{');
    JsonText.key(out, "messages").append(messages);
    JsonText.key(out, key);
    JsonNodes.append(out, tools, 1);
    return out.append('}').toString();
  }

  /** Returns an object of the named fields of {@code body} that are present. */
  static String outputObject(JsonNode body, String... fields) {
    StringBuilder out = new StringBuilder(256).append('{');
    for (String field : fields) {
      JsonNode value = JsonNodes.get(body, field);
      if (value != null) {
        JsonText.key(out, field);
        JsonNodes.append(out, value, 1);
      }
    }
    return out.append('}').toString();
  }

  static void copyScalars(StringBuilder json, JsonNode from, String... fields) {
    for (String field : fields) {
      copyScalar(json, field, JsonNodes.get(from, field));
    }
  }

  static void copyScalar(StringBuilder json, String key, JsonNode value) {
    if (JsonNodes.isScalar(value)) {
      JsonText.key(json, key);
      JsonNodes.append(json, value, 1);
    }
  }

  /** Copies a list or object field as the string of its JSON text, since parameters are scalars. */
  static void copyAsText(StringBuilder json, JsonNode from, String field) {
    JsonNode value = JsonNodes.get(from, field);
    if (value != null) {
      JsonText.key(json, field);
      JsonText.string(json, JsonNodes.write(value));
    }
  }

  static String close(StringBuilder json) {
    return json.length() == 1 ? null : json.append('}').toString();
  }
}
