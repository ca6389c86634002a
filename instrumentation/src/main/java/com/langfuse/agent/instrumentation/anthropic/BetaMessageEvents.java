package com.langfuse.agent.instrumentation.anthropic;

import com.anthropic.models.beta.messages.BetaRawContentBlockDelta;
import com.anthropic.models.beta.messages.BetaRawContentBlockDeltaEvent;
import com.anthropic.models.beta.messages.BetaRawContentBlockStartEvent;
import com.anthropic.models.beta.messages.BetaRawMessageDeltaEvent;
import com.anthropic.models.beta.messages.BetaRawMessageStreamEvent;
import com.anthropic.models.beta.messages.BetaStopReason;

/** Reads the stream events of the beta Messages API. */
final class BetaMessageEvents implements StreamEvents<BetaRawMessageStreamEvent> {

  @Override
  public void dispatch(
      BetaRawMessageStreamEvent event, MessageStreamAccumulator<BetaRawMessageStreamEvent> into) {
    if (event.isContentBlockDelta()) {
      BetaRawContentBlockDeltaEvent deltaEvent = event.asContentBlockDelta();
      long index = deltaEvent._index().asKnown().orElse(0L);
      BetaRawContentBlockDelta delta = deltaEvent._delta().asKnown().orElse(null);
      if (delta == null) {
        into.onOtherDelta(index);
      } else if (delta.isText()) {
        into.onText(index, delta.asText()._text().asKnown().orElse(""));
      } else if (delta.isThinking()) {
        into.onThinking(index, delta.asThinking()._thinking().asKnown().orElse(""));
      } else if (delta.isInputJson()) {
        into.onInputJson(index, delta.asInputJson()._partialJson().asKnown().orElse(""));
      } else if (delta.isSignature()) {
        into.onSignature(index, delta.asSignature()._signature().asKnown().orElse(""));
      } else if (delta.isCitations()) {
        into.onCitation(index, delta.asCitations()._citation().asKnown().orElse(null));
      } else {
        into.onOtherDelta(index);
      }
    } else if (event.isContentBlockStart()) {
      BetaRawContentBlockStartEvent start = event.asContentBlockStart();
      into.onBlockStart(
          start._index().asKnown().orElse(0L), start._contentBlock().asKnown().orElse(null));
    } else if (event.isMessageStart()) {
      event
          .asMessageStart()
          ._message()
          .asKnown()
          .ifPresent(message -> into.onMessageStart(BetaMessageReader.read(message)));
    } else if (event.isMessageDelta()) {
      BetaRawMessageDeltaEvent messageDelta = event.asMessageDelta();
      into.onMessageDelta(
          messageDelta
              ._delta()
              .asKnown()
              .flatMap(delta -> delta._stopReason().asKnown())
              .map(BetaStopReason::asString)
              .orElse(null),
          messageDelta._usage().asKnown().map(BetaMessageReader::usage).orElse(null));
    }
  }
}
