package com.langfuse.agent.instrumentation.bedrock;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.document.Document;

/**
 * Starts the span of a Converse or ConverseStream call and records its request. Both requests have
 * the same fields, read by wire name: {@code modelId}, {@code system}, {@code messages}, {@code
 * toolConfig}, {@code inferenceConfig} and {@code additionalModelRequestFields}.
 */
final class ConverseRequests {

  private static final String[] INFERENCE_SCALARS = {"maxTokens", "temperature", "topP"};

  private ConverseRequests() {}

  /** Starts the span of a call with {@code request}, whose input JSON is built on export. */
  static SpanData start(SdkPojo request, boolean streaming) {
    Object modelId = SdkJson.field(request, "modelId");
    SpanData span =
        GenAiSpans.start(
            BedrockApi.PROVIDER,
            GenAiSpans.OPERATION_CHAT,
            LangfuseAttributes.TYPE_GENERATION,
            modelId instanceof String ? (String) modelId : null);
    String parameters = parameters(request, streaming);
    if (parameters != null) {
      span.setAttribute(LangfuseAttributes.OBSERVATION_MODEL_PARAMETERS, parameters);
    }
    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_INPUT, () -> input(request), SdkSizes.estimate(request));
    return span;
  }

  /**
   * Returns Langfuse's {@code model.parameters}: the scalar fields of {@code inferenceConfig} under
   * their wire names, the stop sequences as their JSON text, the scalar top-level fields of {@code
   * additionalModelRequestFields} (such as Claude's {@code top_k}), and {@code stream} for
   * ConverseStream; null when there are none.
   */
  static String parameters(SdkPojo request, boolean streaming) {
    StringBuilder json = new StringBuilder(128).append('{');
    Object config = SdkJson.field(request, "inferenceConfig");
    if (config instanceof SdkPojo) {
      SdkPojo inference = (SdkPojo) config;
      for (String name : INFERENCE_SCALARS) {
        Object value = SdkJson.field(inference, name);
        if (value != null) {
          JsonText.key(json, name);
          SdkJson.append(json, value, 0);
        }
      }
      List<?> stopSequences = SdkJson.listField(inference, "stopSequences");
      if (!stopSequences.isEmpty()) {
        JsonText.key(json, "stopSequences");
        JsonText.string(json, SdkJson.write(stopSequences));
      }
    }
    Object additional = SdkJson.field(request, "additionalModelRequestFields");
    if (additional instanceof Document && ((Document) additional).isMap()) {
      for (Map.Entry<String, Document> entry : ((Document) additional).asMap().entrySet()) {
        Document value = entry.getValue();
        if (value != null && (value.isString() || value.isNumber() || value.isBoolean())) {
          JsonText.key(json, entry.getKey());
          SdkJson.append(json, value, 0);
        }
      }
    }
    if (streaming) {
      JsonText.key(json, "stream");
      json.append("true");
    }
    return json.length() == 1 ? null : json.append('}').toString();
  }

  /**
   * Returns the messages as sent, with the system prompt first as a message of role {@code system},
   * or {@code {"messages": [...], "toolConfig": {...}}} when the request defines tools.
   */
  static String input(SdkPojo request) {
    StringBuilder messages = new StringBuilder(512).append('[');
    List<?> system = SdkJson.listField(request, "system");
    if (!system.isEmpty()) {
      messages.append("{\"role\":\"system\",\"content\":");
      SdkJson.append(messages, system, 1);
      messages.append('}');
    }
    for (Object message : SdkJson.listField(request, "messages")) {
      int mark = messages.length();
      if (messages.length() > 1) {
        messages.append(',');
      }
      if (!SdkJson.append(messages, message, 1)) {
        messages.setLength(mark);
      }
    }
    messages.append(']');

    Object toolConfig = SdkJson.field(request, "toolConfig");
    if (toolConfig == null) {
      return messages.toString();
    }
    StringBuilder input = new StringBuilder(messages.length() + 512).append('{');
    JsonText.key(input, "messages").append(messages);
    JsonText.key(input, "toolConfig");
    SdkJson.append(input, toolConfig, 1);
    return input.append('}').toString();
  }
}
