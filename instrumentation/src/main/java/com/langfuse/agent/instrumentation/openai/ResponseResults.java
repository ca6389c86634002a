package com.langfuse.agent.instrumentation.openai;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseError;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseUsage;
import java.util.List;

/** Records a Responses API response, returned whole or as the last event of a stream. */
final class ResponseResults {

  private ResponseResults() {}

  static void record(SpanData span, Response response) {
    GenAiSpans.recordResponseIdentity(
        span,
        response._id().asKnown().orElse(null),
        response._model().asKnown().map(ResponseRequests::modelName).orElse(null));
    String finishReason = finishReason(response);
    if (finishReason != null) {
      GenAiSpans.recordFinishReasons(span, List.of(finishReason));
    }
    response._usage().asKnown().ifPresent(usage -> usageDetails(usage).recordTo(span));
    response._error().asKnown().ifPresent(error -> span.recordError(describe(error)));

    List<ResponseOutputItem> items = response._output().asKnown().orElse(List.of());
    if (!items.isEmpty()) {
      span.setDeferredAttribute(
          LangfuseAttributes.OBSERVATION_OUTPUT,
          () -> ResponseOutput.fromItems(items),
          ResponseSizes.output(items));
    }
  }

  /**
   * The Responses API has no finish reason; this is the response status ({@code completed}, {@code
   * failed}, ...), or for an incomplete response the reason it stopped, such as {@code
   * max_output_tokens}.
   */
  static String finishReason(Response response) {
    String status = response._status().asKnown().map(ResponseStatus::asString).orElse(null);
    if ("incomplete".equals(status)) {
      return response
          ._incompleteDetails()
          .asKnown()
          .flatMap(details -> details._reason().asKnown())
          .map(Response.IncompleteDetails.Reason::asString)
          .orElse(status);
    }
    return status;
  }

  static UsageDetails usageDetails(ResponseUsage usage) {
    return new UsageDetails()
        .input(usage._inputTokens().asKnown().orElse(null))
        .cachedInput(
            usage
                ._inputTokensDetails()
                .asKnown()
                .flatMap(details -> details._cachedTokens().asKnown())
                .orElse(null))
        .output(usage._outputTokens().asKnown().orElse(null))
        .reasoningOutput(
            usage
                ._outputTokensDetails()
                .asKnown()
                .flatMap(details -> details._reasoningTokens().asKnown())
                .orElse(null))
        .total(usage._totalTokens().asKnown().orElse(null));
  }

  private static String describe(ResponseError error) {
    String code = error._code().asKnown().map(ResponseError.Code::asString).orElse(null);
    String message = error._message().asKnown().orElse("no message");
    return "response failed: " + (code == null ? message : code + ": " + message);
  }
}
