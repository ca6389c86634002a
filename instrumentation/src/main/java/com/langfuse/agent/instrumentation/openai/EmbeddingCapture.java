package com.langfuse.agent.instrumentation.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.Embedding;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.embeddings.EmbeddingModel;
import com.openai.models.embeddings.EmbeddingValue;
import java.util.List;

/**
 * Records an embeddings call: the input texts, and as output only the number of vectors and their
 * dimensions, because the vectors themselves would be large and unreadable in Langfuse.
 */
final class EmbeddingCapture {

  private EmbeddingCapture() {}

  static SpanData start(EmbeddingCreateParams params) {
    String model = params._model().asKnown().map(EmbeddingModel::asString).orElse(null);
    SpanData span =
        GenAiSpans.start(
            OpenAiProvider.INSTANCE,
            GenAiSpans.OPERATION_EMBEDDINGS,
            LangfuseAttributes.TYPE_EMBEDDING,
            model);

    // The SDK sets encoding_format itself, so only dimensions is surely the application's choice.
    params
        ._dimensions()
        .asKnown()
        .ifPresent(
            dimensions ->
                span.setAttribute(
                    LangfuseAttributes.OBSERVATION_MODEL_PARAMETERS,
                    "{\"dimensions\":" + dimensions + "}"));

    RequestJson body = new RequestJson(params._body());
    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_INPUT, () -> input(body.tree()), inputBytes(params));
    return span;
  }

  static void record(SpanData span, CreateEmbeddingResponse response) {
    GenAiSpans.recordResponseIdentity(span, null, response._model().asKnown().orElse(null));
    response
        ._usage()
        .asKnown()
        .ifPresent(
            usage ->
                new UsageDetails()
                    .input(usage._promptTokens().asKnown().orElse(null))
                    .total(usage._totalTokens().asKnown().orElse(null))
                    .recordTo(span));

    List<Embedding> data = response._data().asKnown().orElse(List.of());
    StringBuilder summary = new StringBuilder("{\"count\":").append(data.size());
    if (!data.isEmpty()) {
      long dimensions = dimensions(data.get(0));
      if (dimensions >= 0) {
        summary.append(",\"dimensions\":").append(dimensions);
      }
    }
    span.setAttribute(LangfuseAttributes.OBSERVATION_OUTPUT, summary.append('}').toString());
  }

  private static String input(JsonNode body) {
    JsonNode input = Json.present(body, "input");
    return input == null ? null : Json.write(input);
  }

  /**
   * Returns the length of one vector, or -1 when unknown. A base64 vector (the SDK's default
   * encoding) is measured from the length of its text, without decoding it: 4 bytes per float.
   */
  static long dimensions(Embedding embedding) {
    EmbeddingValue value = embedding._embeddingValue().asKnown().orElse(null);
    if (value == null) {
      return embedding._embedding().asKnown().map(List::size).orElse(-1);
    }
    if (value.isFloats()) {
      return value.asFloats().size();
    }
    if (value.isBase64()) {
      String base64 = value.asBase64();
      int padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
      return (base64.length() / 4L * 3 - padding) / Float.BYTES;
    }
    return -1;
  }

  private static long inputBytes(EmbeddingCreateParams params) {
    EmbeddingCreateParams.Input input = params._input().asKnown().orElse(null);
    if (input == null) {
      return 2;
    }
    long bytes = 2 + ChatSizes.length(input.string());
    for (String text : input.arrayOfStrings().orElse(List.of())) {
      bytes += 3 + text.length();
    }
    bytes += input.arrayOfTokens().map(List::size).orElse(0) * 7L;
    for (List<Long> tokens : input.arrayOfTokenArrays().orElse(List.of())) {
      bytes += 2 + tokens.size() * 7L;
    }
    return bytes;
  }
}
