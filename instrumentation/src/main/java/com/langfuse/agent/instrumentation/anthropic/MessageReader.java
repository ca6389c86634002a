package com.langfuse.agent.instrumentation.anthropic;

import com.anthropic.models.messages.CacheCreation;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageDeltaUsage;
import com.anthropic.models.messages.Model;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Usage;

/**
 * Reads a {@link Message} of the Messages API and its usage. Only the raw {@code _field()}
 * accessors are used, so a field that is missing or of an unexpected type reads as unknown instead
 * of throwing.
 */
final class MessageReader {

  private MessageReader() {}

  static MessageSummary read(Message message) {
    MessageSummary summary = new MessageSummary();
    summary.id = message._id().asKnown().orElse(null);
    summary.model = message._model().asKnown().map(Model::asString).orElse(null);
    summary.stopReason = message._stopReason().asKnown().map(StopReason::asString).orElse(null);
    summary.usage = message._usage().asKnown().map(MessageReader::usage).orElse(null);
    return summary;
  }

  static UsageDetails usage(Usage usage) {
    UsageDetails details = new UsageDetails();
    details.input = usage._inputTokens().asKnown().orElse(null);
    details.output = usage._outputTokens().asKnown().orElse(null);
    details.cacheRead = usage._cacheReadInputTokens().asKnown().orElse(null);
    details.cacheCreation = usage._cacheCreationInputTokens().asKnown().orElse(null);
    try {
      CacheCreation split = usage._cacheCreation().asKnown().orElse(null);
      if (split != null) {
        details.cacheCreation5m = split._ephemeral5mInputTokens().asKnown().orElse(null);
        details.cacheCreation1h = split._ephemeral1hInputTokens().asKnown().orElse(null);
      }
    } catch (LinkageError e) {
      // SDK versions before the split by time to live have no cache_creation object.
    }
    return details;
  }

  static UsageDetails usage(MessageDeltaUsage usage) {
    UsageDetails details = new UsageDetails();
    details.input = usage._inputTokens().asKnown().orElse(null);
    details.output = usage._outputTokens().asKnown().orElse(null);
    details.cacheRead = usage._cacheReadInputTokens().asKnown().orElse(null);
    details.cacheCreation = usage._cacheCreationInputTokens().asKnown().orElse(null);
    return details;
  }
}
