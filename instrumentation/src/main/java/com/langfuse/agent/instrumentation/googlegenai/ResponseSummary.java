package com.langfuse.agent.instrumentation.googlegenai;

import com.google.genai.types.Candidate;
import com.google.genai.types.FinishReason;
import com.google.genai.types.GenerateContentResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of a {@code GenerateContentResponse} that the span records, read on the application
 * thread through a few accessors.
 */
final class ResponseSummary {

  String id;
  String model;
  List<String> finishReasons = List.of();
  UsageDetails usage;

  static ResponseSummary read(GenerateContentResponse response) {
    ResponseSummary summary = new ResponseSummary();
    summary.id = response.responseId().orElse(null);
    summary.model = response.modelVersion().orElse(null);
    summary.finishReasons = finishReasons(response);
    summary.usage = response.usageMetadata().map(UsageDetails::read).orElse(null);
    return summary;
  }

  /** Returns the finish reason of each candidate that has one, such as {@code STOP}. */
  static List<String> finishReasons(GenerateContentResponse response) {
    List<String> reasons = new ArrayList<>();
    for (Candidate candidate : response.candidates().orElse(List.of())) {
      candidate.finishReason().map(FinishReason::toString).ifPresent(reasons::add);
    }
    return reasons;
  }
}
