package com.langfuse.agent.instrumentation.langchain4j;

import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@code EmbeddingModel} call: one embedding observation with the model, the input texts and
 * the input token usage. The vectors are not exported.
 */
final class EmbeddingCall implements TracedCall {

  private final SpanData span;
  private final CurrentSpan.Scope scope;

  private EmbeddingCall(SpanData span) {
    this.span = span;
    this.scope = CurrentSpan.makeCurrent(span);
  }

  /** Starts the observation of {@code embedAll(segments)}. */
  static EmbeddingCall startEmbedAll(Object model, List<?> segments) {
    List<String> texts = new ArrayList<>(segments.size());
    for (Object segment : segments) {
      texts.add(segment instanceof TextSegment ? ((TextSegment) segment).text() : null);
    }
    return start(model, texts);
  }

  /** Starts the observation of a call with these input texts. */
  static EmbeddingCall start(Object model, List<String> texts) {
    SpanData span =
        GenerationSpans.start(
            GenAiSpans.OPERATION_EMBEDDINGS,
            LangfuseAttributes.TYPE_EMBEDDING,
            providerName(model),
            modelName(model));
    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_INPUT, () -> input(texts), estimatedBytes(texts));
    return new EmbeddingCall(span);
  }

  @Override
  public void exit(Object returned, Throwable thrown) {
    scope.close();
    try {
      if (thrown != null) {
        GenerationSpans.recordError(span, thrown);
      } else if (returned instanceof Response && GenAiSpans.isGeneration(span)) {
        TokenUsages.record(span, ((Response<?>) returned).tokenUsage());
      } else if (returned != null && GenAiSpans.isGeneration(span)) {
        EmbeddingRequests.recordResponse(span, returned);
      }
    } catch (Throwable t) {
      GenerationSpans.logCaptureFailure("reading the embedding response", t);
    } finally {
      span.end();
    }
  }

  private static String input(List<String> texts) {
    JsonText json = new JsonText().beginArray();
    texts.forEach(json::string);
    return json.endArray().toString();
  }

  private static long estimatedBytes(List<String> texts) {
    long bytes = 2;
    for (String text : texts) {
      bytes += 3 + (text == null ? 4 : text.length());
    }
    return bytes;
  }

  private static String modelName(Object model) {
    try {
      String name = ((EmbeddingModel) model).modelName();
      return name == null || name.equals("unknown") ? null : name;
    } catch (Throwable t) {
      // Some older LangChain4j versions lack EmbeddingModel.modelName().
      return null;
    }
  }

  private static String providerName(Object model) {
    try {
      return ModelDefaults.providerName(String.valueOf(((EmbeddingModel) model).provider()));
    } catch (Throwable t) {
      return ModelDefaults.providerName((String) null);
    }
  }
}
