package com.langfuse.agent.instrumentation.bedrock;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;

/** Starts the span of an InvokeModel call and records its request body. */
final class InvokeModelRequests {

  /** Charged against the export queue until the parameters are serialized. */
  static final long PARAMETERS_ESTIMATED_BYTES = 256;

  private InvokeModelRequests() {}

  /**
   * Starts the span of {@code request}. The body is parsed once, on the exporter thread, for the
   * parameters and the input, in the format of the model's {@link ModelFamily}.
   */
  static SpanData start(InvokeModelRequest request) {
    return start(request.modelId(), request.body());
  }

  /** Starts the span of an InvokeModel or InvokeModelWithResponseStream call. */
  static SpanData start(String modelId, SdkBytes body) {
    SpanData span =
        GenAiSpans.start(
            BedrockApi.PROVIDER,
            GenAiSpans.OPERATION_CHAT,
            LangfuseAttributes.TYPE_GENERATION,
            modelId);
    if (body == null) {
      return span;
    }
    ModelFamily family = ModelFamily.of(modelId);
    ParsedBody parsed = new ParsedBody(body);
    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_MODEL_PARAMETERS,
        () -> parsed.tree() == null ? null : family.parameters(parsed.tree()),
        PARAMETERS_ESTIMATED_BYTES);
    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_INPUT,
        () -> parsed.tree() == null ? null : family.input(parsed.tree()),
        body.asByteBuffer().remaining());
    return span;
  }

  /** The JSON tree of an immutable request body, parsed on first use. */
  private static final class ParsedBody {
    private final SdkBytes body;
    private JsonNode tree;
    private boolean parsed;

    ParsedBody(SdkBytes body) {
      this.body = body;
    }

    synchronized JsonNode tree() {
      if (!parsed) {
        tree = JsonNodes.parse(body);
        parsed = true;
      }
      return tree;
    }
  }
}
