package com.langfuse.agent.instrumentation.googlegenai;

import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiApi;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;
import com.langfuse.agent.instrumentation.genai.StreamAccumulator;
import java.util.ArrayList;
import java.util.List;

/** The {@code generateContent} API of the SDK's {@code Models}: one request to the model. */
final class GenerateContentApi implements GenAiApi {

  static final GenerateContentApi INSTANCE = new GenerateContentApi();

  private GenerateContentApi() {}

  /**
   * Starts the span of a request to {@code model} (null when unknown) with {@code contents} and
   * {@code config} (null when the call passed none), and records its model, parameters and input.
   * The parameters and input are built on the exporter thread from a copy of the contents list,
   * which the SDK's automatic function calling extends after the request.
   */
  static SpanData start(
      String model, List<Content> contents, GenerateContentConfig config, boolean streaming) {
    SpanData span =
        GenAiSpans.start(
            GoogleGenAiProvider.INSTANCE,
            GenAiSpans.OPERATION_CHAT,
            LangfuseAttributes.TYPE_GENERATION,
            model);

    List<Content> sent = contents == null ? List.of() : new ArrayList<>(contents);
    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_MODEL_PARAMETERS,
        () -> ModelParameters.fromConfig(config == null ? null : Json.tree(config), streaming),
        ModelParameters.ESTIMATED_BYTES);
    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_INPUT,
        () -> ContentInput.build(sent, config),
        ContentInput.estimatedBytes(sent, config));
    return span;
  }

  @Override
  public String displayName() {
    return "generate content";
  }

  @Override
  public void recordResponse(SpanData span, Object response) {
    GenerateContentResponse content = (GenerateContentResponse) response;
    ResponseSummary summary = ResponseSummary.read(content);
    recordSummary(span, summary);
    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_OUTPUT,
        () -> ContentOutput.fromResponse(Json.tree(content)),
        ContentOutput.estimatedBytes(summary.usage));
  }

  @Override
  public StreamAccumulator<?> newStreamAccumulator() {
    return new ContentStreamAccumulator();
  }

  static void recordSummary(SpanData span, ResponseSummary summary) {
    GenAiSpans.recordResponseIdentity(span, summary.id, summary.model);
    GenAiSpans.recordFinishReasons(span, summary.finishReasons);
    if (summary.usage != null) {
      summary.usage.recordTo(span);
    }
  }
}
