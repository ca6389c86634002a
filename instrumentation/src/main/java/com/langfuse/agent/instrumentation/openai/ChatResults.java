package com.langfuse.agent.instrumentation.openai;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.completions.CompletionUsage;
import java.util.ArrayList;
import java.util.List;

/** Records a chat completion response on its span. */
final class ChatResults {

  private ChatResults() {}

  static void record(SpanData span, ChatCompletion completion) {
    GenAiSpans.recordResponseIdentity(
        span, completion._id().asKnown().orElse(null), completion._model().asKnown().orElse(null));

    List<ChatCompletion.Choice> choices = completion._choices().asKnown().orElse(List.of());
    List<String> finishReasons = new ArrayList<>(choices.size());
    for (ChatCompletion.Choice choice : choices) {
      choice._finishReason().asKnown().ifPresent(reason -> finishReasons.add(reason.asString()));
    }
    GenAiSpans.recordFinishReasons(span, finishReasons);

    completion._usage().asKnown().ifPresent(usage -> usageDetails(usage).recordTo(span));

    if (!choices.isEmpty()) {
      span.setDeferredAttribute(
          LangfuseAttributes.OBSERVATION_OUTPUT,
          () -> ChatOutput.fromChoices(choices),
          ChatSizes.output(choices));
    }
  }

  /** Reads the token counts of a chat completion, streamed or not. */
  static UsageDetails usageDetails(CompletionUsage usage) {
    return new UsageDetails()
        .input(usage._promptTokens().asKnown().orElse(null))
        .cachedInput(
            usage
                ._promptTokensDetails()
                .asKnown()
                .flatMap(details -> details._cachedTokens().asKnown())
                .orElse(null))
        .output(usage._completionTokens().asKnown().orElse(null))
        .reasoningOutput(
            usage
                ._completionTokensDetails()
                .asKnown()
                .flatMap(details -> details._reasoningTokens().asKnown())
                .orElse(null))
        .total(usage._totalTokens().asKnown().orElse(null));
  }
}
