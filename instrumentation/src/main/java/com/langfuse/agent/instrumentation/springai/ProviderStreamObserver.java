package com.langfuse.agent.instrumentation.springai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Accumulates the items of a Spring AI 1.x provider stream: OpenAI chat completion chunks, or the
 * Anthropic message events that Spring AI turns into partial responses. It keeps the text, the tool
 * calls, the finish reason and the largest count seen for each usage field, because both providers
 * send cumulative counts.
 */
final class ProviderStreamObserver extends StreamObserver<Object> {

  private final ProviderFormat format;
  private final ObjectMapper mapper;
  private final StringBuilder text = new StringBuilder();
  private final Map<Integer, ObjectNode> toolCalls = new TreeMap<>();
  private final ObjectNode usage = JsonNodeFactory.instance.objectNode();
  private String id;
  private String model;
  private String finishReason;

  ProviderStreamObserver(
      ProviderFormat format, SpanData span, SpanData parent, ObjectMapper mapper) {
    super(span, parent);
    this.format = format;
    this.mapper = mapper;
  }

  @Override
  boolean accumulate(Object item) {
    JsonNode chunk = mapper.valueToTree(item);
    String chunkId = ProviderRequests.text(chunk, "id");
    String chunkModel = ProviderRequests.text(chunk, "model");
    id = chunkId != null ? chunkId : id;
    model = chunkModel != null ? chunkModel : model;
    mergeUsage(chunk.get("usage"));
    return format == ProviderFormat.OPENAI ? openAiChunk(chunk) : anthropicEvent(chunk);
  }

  @Override
  void recordTo(SpanData span, long firstContentEpochNanos) {
    if (id != null) {
      span.setAttribute(LangfuseAttributes.GEN_AI_RESPONSE_ID, id);
    }
    if (model != null) {
      span.setAttribute(LangfuseAttributes.GEN_AI_RESPONSE_MODEL, model);
    }
    if (finishReason != null) {
      span.setAttribute(LangfuseAttributes.GEN_AI_RESPONSE_FINISH_REASONS, List.of(finishReason));
    }
    if (!usage.isEmpty()) {
      ProviderResponses.recordUsage(format, span, usage);
    }
    GenAiSpans.recordCompletionStart(span, firstContentEpochNanos);
    String output = output();
    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_OUTPUT,
        () -> output,
        output.length());
  }

  private boolean openAiChunk(JsonNode chunk) {
    boolean content = false;
    for (JsonNode choice : chunk.path("choices")) {
      JsonNode delta = choice.path("delta");
      String piece = ProviderRequests.text(delta, "content");
      if (piece != null) {
        text.append(piece);
        content = true;
      }
      for (JsonNode call : delta.path("tool_calls")) {
        ObjectNode merged =
            toolCalls.computeIfAbsent(
                call.path("index").asInt(toolCalls.size()),
                index -> JsonNodeFactory.instance.objectNode());
        copyText(call, "id", merged, "id");
        copyText(call.path("function"), "name", merged, "name");
        String arguments = ProviderRequests.text(call.path("function"), "arguments");
        if (arguments != null) {
          merged.put("arguments", merged.path("arguments").asText("") + arguments);
        }
        content = true;
      }
      String reason = ProviderRequests.text(choice, "finish_reason");
      finishReason = reason != null ? reason : finishReason;
    }
    return content;
  }

  private boolean anthropicEvent(JsonNode event) {
    boolean content = false;
    for (JsonNode block : event.path("content")) {
      String piece = ProviderRequests.text(block, "text");
      if (piece != null) {
        text.append(piece);
        content = true;
      }
      if ("tool_use".equals(block.path("type").asText())) {
        ObjectNode call = JsonNodeFactory.instance.objectNode();
        copyText(block, "id", call, "id");
        copyText(block, "name", call, "name");
        JsonNode input = block.get("input");
        if (input != null && !input.isNull()) {
          call.put("arguments", input.toString());
        }
        toolCalls.put(toolCalls.size(), call);
        content = true;
      }
    }
    String reason = ProviderRequests.text(event, "stop_reason");
    finishReason = reason != null ? reason : finishReason;
    return content;
  }

  private void mergeUsage(JsonNode chunkUsage) {
    if (chunkUsage == null || !chunkUsage.isObject()) {
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = chunkUsage.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode value = field.getValue();
      if (value.isNumber()) {
        long previous = usage.path(field.getKey()).asLong(0);
        usage.put(field.getKey(), Math.max(previous, value.longValue()));
      } else if (value.isObject()) {
        usage.set(field.getKey(), value);
      }
    }
  }

  private String output() {
    ObjectNode message = JsonNodeFactory.instance.objectNode();
    message.put("role", "assistant");
    message.put("content", text.toString());
    if (!toolCalls.isEmpty()) {
      ArrayNode calls = message.putArray("tool_calls");
      toolCalls.values().forEach(calls::add);
    }
    return message.toString();
  }

  private static void copyText(JsonNode from, String field, ObjectNode to, String key) {
    String value = ProviderRequests.text(from, field);
    if (value != null) {
      to.put(key, value);
    }
  }
}
