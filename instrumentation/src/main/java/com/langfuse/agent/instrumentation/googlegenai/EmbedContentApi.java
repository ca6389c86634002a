package com.langfuse.agent.instrumentation.googlegenai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.genai.types.Content;
import com.google.genai.types.ContentEmbedding;
import com.google.genai.types.EmbedContentConfig;
import com.google.genai.types.EmbedContentResponse;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiApi;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;
import com.langfuse.agent.instrumentation.genai.StreamAccumulator;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code embedContent} API of the SDK's {@code Models}: one request for the embeddings of one
 * or more contents. The input is the contents' parts, and the output only the number of vectors and
 * their dimensions, because the vectors themselves would be large and unreadable in Langfuse.
 */
final class EmbedContentApi implements GenAiApi {

  static final EmbedContentApi INSTANCE = new EmbedContentApi();

  /** Parameters of {@code EmbedContentConfig} that are scalars. */
  private static final String[] PARAMETERS = {
    "taskType", "outputDimensionality", "autoTruncate", "mimeType"
  };

  private EmbedContentApi() {}

  /**
   * Starts the span of a request to {@code model} for the embeddings of {@code contents} (null when
   * the call passed none) and of {@code content}, a single content that google-genai 2.x passes
   * apart (null when absent).
   */
  static SpanData start(
      String model, List<Content> contents, Content content, EmbedContentConfig config) {
    SpanData span =
        GenAiSpans.start(
            GoogleGenAiProvider.INSTANCE,
            GenAiSpans.OPERATION_EMBEDDINGS,
            LangfuseAttributes.TYPE_EMBEDDING,
            model);

    List<Content> sent = contents == null ? new ArrayList<>() : new ArrayList<>(contents);
    if (content != null) {
      sent.add(content);
    }
    if (config != null) {
      span.setDeferredAttribute(
          LangfuseAttributes.OBSERVATION_MODEL_PARAMETERS,
          () -> parameters(Json.tree(config)),
          ModelParameters.ESTIMATED_BYTES);
    }
    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_INPUT,
        () -> input(sent),
        ContentInput.estimatedBytes(sent, null));
    return span;
  }

  @Override
  public String displayName() {
    return "embed content";
  }

  @Override
  public void recordResponse(SpanData span, Object response) {
    List<ContentEmbedding> embeddings =
        ((EmbedContentResponse) response).embeddings().orElse(List.of());
    Long tokens = null;
    for (ContentEmbedding embedding : embeddings) {
      Float count =
          embedding.statistics().flatMap(statistics -> statistics.tokenCount()).orElse(null);
      if (count != null) {
        tokens = (tokens == null ? 0 : tokens) + count.longValue();
      }
    }
    // Only Vertex AI reports token counts for embeddings, in each embedding's statistics.
    if (tokens != null) {
      span.setAttribute(
          LangfuseAttributes.OBSERVATION_USAGE_DETAILS,
          "{\"input\":" + tokens + ",\"total\":" + tokens + "}");
      span.setAttribute(LangfuseAttributes.GEN_AI_USAGE_INPUT_TOKENS, tokens.longValue());
    }

    StringBuilder summary = new StringBuilder("{\"count\":").append(embeddings.size());
    if (!embeddings.isEmpty()) {
      int dimensions = embeddings.get(0).values().map(List::size).orElse(-1);
      if (dimensions >= 0) {
        summary.append(",\"dimensions\":").append(dimensions);
      }
    }
    span.setAttribute(LangfuseAttributes.OBSERVATION_OUTPUT, summary.append('}').toString());
  }

  @Override
  public StreamAccumulator<?> newStreamAccumulator() {
    throw new UnsupportedOperationException("embedContent does not stream");
  }

  /** Returns the parts of each content, an array per content; runs on the exporter thread. */
  static String input(List<Content> contents) {
    ArrayNode input = Json.array();
    for (Content content : contents) {
      JsonNode parts = Json.present(Json.tree(content), "parts");
      input.add(parts == null ? Json.array() : parts);
    }
    return Json.write(input);
  }

  static String parameters(JsonNode config) {
    ObjectNode parameters = Json.object();
    for (String key : PARAMETERS) {
      JsonNode value = Json.value(config, key);
      if (value != null) {
        parameters.set(key, value);
      }
    }
    return parameters.isEmpty() ? null : Json.write(parameters);
  }
}
