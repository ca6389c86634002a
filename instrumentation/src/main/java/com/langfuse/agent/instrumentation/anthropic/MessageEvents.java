package com.langfuse.agent.instrumentation.anthropic;

import com.anthropic.models.messages.RawContentBlockDelta;
import com.anthropic.models.messages.RawContentBlockDeltaEvent;
import com.anthropic.models.messages.RawContentBlockStartEvent;
import com.anthropic.models.messages.RawMessageDeltaEvent;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;

/** Reads the stream events of the Messages API. */
final class MessageEvents implements StreamEvents<RawMessageStreamEvent> {

  @Override
  public void dispatch(
      RawMessageStreamEvent event, MessageStreamAccumulator<RawMessageStreamEvent> into) {
    if (event.isContentBlockDelta()) {
      RawContentBlockDeltaEvent deltaEvent = event.asContentBlockDelta();
      long index = deltaEvent._index().asKnown().orElse(0L);
      RawContentBlockDelta delta = deltaEvent._delta().asKnown().orElse(null);
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
      RawContentBlockStartEvent start = event.asContentBlockStart();
      into.onBlockStart(
          start._index().asKnown().orElse(0L), start._contentBlock().asKnown().orElse(null));
    } else if (event.isMessageStart()) {
      event
          .asMessageStart()
          ._message()
          .asKnown()
          .ifPresent(message -> into.onMessageStart(MessageReader.read(message)));
    } else if (event.isMessageDelta()) {
      RawMessageDeltaEvent messageDelta = event.asMessageDelta();
      into.onMessageDelta(
          messageDelta
              ._delta()
              .asKnown()
              .flatMap(delta -> delta._stopReason().asKnown())
              .map(StopReason::asString)
              .orElse(null),
          messageDelta._usage().asKnown().map(MessageReader::usage).orElse(null));
    }
  }
}
