package com.langfuse.agent.instrumentation.anthropic;

import com.anthropic.models.beta.messages.BetaCacheCreation;
import com.anthropic.models.beta.messages.BetaMessage;
import com.anthropic.models.beta.messages.BetaMessageDeltaUsage;
import com.anthropic.models.beta.messages.BetaStopReason;
import com.anthropic.models.beta.messages.BetaUsage;
import com.anthropic.models.messages.Model;

/**
 * Reads a {@link BetaMessage} of the beta Messages API and its usage, as {@link MessageReader}
 * reads the standard one, through the raw {@code _field()} accessors only.
 */
final class BetaMessageReader {

  private BetaMessageReader() {}

  static MessageSummary read(BetaMessage message) {
    MessageSummary summary = new MessageSummary();
    summary.id = message._id().asKnown().orElse(null);
    summary.model = message._model().asKnown().map(Model::asString).orElse(null);
    summary.stopReason =
        message._stopReason().asKnown().map(BetaStopReason::asString).orElse(null);
    summary.usage = message._usage().asKnown().map(BetaMessageReader::usage).orElse(null);
    return summary;
  }

  static UsageDetails usage(BetaUsage usage) {
    UsageDetails details = new UsageDetails();
    details.input = usage._inputTokens().asKnown().orElse(null);
    details.output = usage._outputTokens().asKnown().orElse(null);
    details.cacheRead = usage._cacheReadInputTokens().asKnown().orElse(null);
    details.cacheCreation = usage._cacheCreationInputTokens().asKnown().orElse(null);
    try {
      BetaCacheCreation split = usage._cacheCreation().asKnown().orElse(null);
      if (split != null) {
        details.cacheCreation5m = split._ephemeral5mInputTokens().asKnown().orElse(null);
        details.cacheCreation1h = split._ephemeral1hInputTokens().asKnown().orElse(null);
      }
    } catch (LinkageError e) {
      // SDK versions before the split by time to live have no cache_creation object.
    }
    return details;
  }

  static UsageDetails usage(BetaMessageDeltaUsage usage) {
    UsageDetails details = new UsageDetails();
    details.input = usage._inputTokens().asKnown().orElse(null);
    details.output = usage._outputTokens().asKnown().orElse(null);
    details.cacheRead = usage._cacheReadInputTokens().asKnown().orElse(null);
    details.cacheCreation = usage._cacheCreationInputTokens().asKnown().orElse(null);
    return details;
  }
}
