package com.langfuse.agent.instrumentation.springai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import java.util.ArrayList;
import java.util.List;

/** Records a provider response, read as a JSON tree in the provider's wire format. */
final class ProviderResponses {

  private ProviderResponses() {}

  static void recordChat(ProviderFormat format, SpanData span, JsonNode response) {
    recordIdentity(span, response);
    List<String> reasons = new ArrayList<>();
    if (format == ProviderFormat.OPENAI) {
      for (JsonNode choice : response.path("choices")) {
        addText(reasons, choice, "finish_reason");
      }
    } else {
      addText(reasons, response, "stop_reason");
    }
    if (!reasons.isEmpty()) {
      span.setAttribute(LangfuseAttributes.GEN_AI_RESPONSE_FINISH_REASONS, reasons);
    }
    recordUsage(format, span, response.get("usage"));
    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_OUTPUT,
        () -> output(format, response),
        ChatModelRecords.ESTIMATED_BYTES);
  }

  static void recordEmbeddings(SpanData span, JsonNode response) {
    recordIdentity(span, response);
    recordUsage(ProviderFormat.OPENAI, span, response.get("usage"));
  }

  static void recordIdentity(SpanData span, JsonNode response) {
    String id = ProviderRequests.text(response, "id");
    String model = ProviderRequests.text(response, "model");
    if (id != null) {
      span.setAttribute(LangfuseAttributes.GEN_AI_RESPONSE_ID, id);
    }
    if (model != null) {
      span.setAttribute(LangfuseAttributes.GEN_AI_RESPONSE_MODEL, model);
    }
  }

  /**
   * Sets Langfuse's {@code usage_details} from the provider's usage object. OpenAI's cached and
   * reasoning tokens are part of its prompt and completion counts, so they are taken out of {@code
   * input} and {@code output}; Anthropic's cache reads and writes are separate from {@code
   * input_tokens}. A count the provider did not send is left out.
   */
  static void recordUsage(ProviderFormat format, SpanData span, JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return;
    }
    ObjectNode details = JsonNodeFactory.instance.objectNode();
    Long input;
    Long output;
    if (format == ProviderFormat.OPENAI) {
      input = count(usage, "prompt_tokens");
      output = count(usage, "completion_tokens");
      Long cached = count(usage.path("prompt_tokens_details"), "cached_tokens");
      Long reasoning = count(usage.path("completion_tokens_details"), "reasoning_tokens");
      put(details, "input", input == null ? null : input - (cached == null ? 0 : cached));
      put(details, "input_cached_tokens", cached);
      put(details, "output", output == null ? null : output - (reasoning == null ? 0 : reasoning));
      put(details, "output_reasoning_tokens", reasoning);
      put(details, "total", count(usage, "total_tokens"));
    } else {
      input = count(usage, "input_tokens");
      output = count(usage, "output_tokens");
      Long cacheRead = count(usage, "cache_read_input_tokens");
      Long cacheCreation = count(usage, "cache_creation_input_tokens");
      put(details, "input", input);
      put(details, "input_cache_read", cacheRead);
      put(details, "input_cache_creation", cacheCreation);
      put(details, "output", output);
      if (input != null && output != null) {
        put(
            details,
            "total",
            input
                + output
                + (cacheRead == null ? 0 : cacheRead)
                + (cacheCreation == null ? 0 : cacheCreation));
      }
    }
    if (details.isEmpty()) {
      return;
    }
    span.setAttribute(LangfuseAttributes.OBSERVATION_USAGE_DETAILS, details.toString());
    if (input != null) {
      span.setAttribute(LangfuseAttributes.GEN_AI_USAGE_INPUT_TOKENS, input.longValue());
    }
    if (output != null) {
      span.setAttribute(LangfuseAttributes.GEN_AI_USAGE_OUTPUT_TOKENS, output.longValue());
    }
  }

  /** Returns the assistant message, or the array of them for several OpenAI choices. */
  static String output(ProviderFormat format, JsonNode response) {
    if (format == ProviderFormat.ANTHROPIC) {
      ObjectNode message = JsonNodeFactory.instance.objectNode();
      message.put("role", "assistant");
      JsonNode content = ProviderRequests.present(response, "content");
      if (content != null) {
        message.set("content", content);
      }
      return message.toString();
    }
    JsonNode choices = response.path("choices");
    if (choices.size() == 1) {
      return choices.get(0).path("message").toString();
    }
    List<JsonNode> messages = new ArrayList<>();
    for (JsonNode choice : choices) {
      messages.add(choice.path("message"));
    }
    return JsonNodeFactory.instance.arrayNode().addAll(messages).toString();
  }

  static Long count(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isNumber() ? value.longValue() : null;
  }

  private static void put(ObjectNode details, String key, Long value) {
    if (value != null) {
      details.put(key, Math.max(0, value));
    }
  }

  private static void addText(List<String> values, JsonNode node, String field) {
    String value = ProviderRequests.text(node, field);
    if (value != null) {
      values.add(value);
    }
  }
}
