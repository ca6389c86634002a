package com.langfuse.agent.instrumentation.bedrock;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;
import java.util.function.Supplier;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;

/** Records an InvokeModel response body on its span. */
final class InvokeModelResults {

  /**
   * Headers in which Bedrock reports the token counts of every InvokeModel response, whatever the
   * model. They are read when the body has no usage of a known format.
   */
  static final String INPUT_TOKENS_HEADER = "X-Amzn-Bedrock-Input-Token-Count";

  static final String OUTPUT_TOKENS_HEADER = "X-Amzn-Bedrock-Output-Token-Count";

  private InvokeModelResults() {}

  /**
   * Reads the response body of a call to {@code modelId} in its family's format and records the
   * response id (the body's id, or else the AWS request id), model, stop reason, usage and output.
   * The body is parsed on the thread that completes the call, because the stop reason and usage
   * must be set before the span ends. The output JSON is written on the exporter thread.
   */
  static void record(SpanData span, String modelId, InvokeModelResponse response) {
    Result result = new Result();
    JsonNode body = JsonNodes.parse(response.body());
    if (body != null) {
      ModelFamily.of(modelId).readResponse(body, result);
    }
    if (result.usage.input == null) {
      result.usage.input = header(response, INPUT_TOKENS_HEADER);
    }
    if (result.usage.output == null) {
      result.usage.output = header(response, OUTPUT_TOKENS_HEADER);
    }

    String id = result.id != null ? result.id : ConverseResults.requestId(response);
    GenAiSpans.recordResponseIdentity(span, id, result.model);
    GenAiSpans.recordStopReason(span, result.stopReason);
    result.usage.recordTo(span);
    if (result.output != null) {
      span.setDeferredAttribute(
          LangfuseAttributes.OBSERVATION_OUTPUT,
          result.output,
          response.body() == null ? 0 : response.body().asByteBuffer().remaining());
    }
  }

  private static Long header(InvokeModelResponse response, String name) {
    try {
      return response
          .sdkHttpResponse()
          .firstMatchingHeader(name)
          .map(value -> Long.valueOf(value.trim()))
          .orElse(null);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** What a family's response body contains; unknown values stay null. */
  static final class Result {
    String id;
    String model;
    String stopReason;
    final Usage usage = new Usage();
    Supplier<String> output;
  }
}
