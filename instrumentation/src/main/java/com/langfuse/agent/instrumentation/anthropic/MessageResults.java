package com.langfuse.agent.instrumentation.anthropic;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;

/** Records a response message that did not stream on its span. */
final class MessageResults {

  private MessageResults() {}

  /**
   * Records {@code summary} and, as the output, the content blocks and stop reason of {@code
   * message}, the SDK's {@code Message} or {@code BetaMessage}, serialized on the exporter thread.
   */
  static void record(SpanData span, MessageSummary summary, Object message) {
    recordSummary(span, summary);
    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_OUTPUT,
        () -> MessageOutput.fromMessage(Json.tree(message)),
        MessageOutput.estimatedBytes(summary.usage));
  }

  static void recordSummary(SpanData span, MessageSummary summary) {
    GenAiSpans.recordResponseIdentity(span, summary.id, summary.model);
    GenAiSpans.recordStopReason(span, summary.stopReason);
    if (summary.usage != null) {
      summary.usage.recordTo(span);
    }
  }
}
