package com.langfuse.agent.instrumentation.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.langfuse.agent.bootstrap.trace.AgentClock;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;
import com.langfuse.agent.instrumentation.genai.StreamAccumulator;
import com.openai.core.JsonField;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Follows a Responses API event stream. The {@code response.completed} event (or {@code
 * response.incomplete} or {@code response.failed}) carries the final response with its usage and
 * output, which is recorded as for a call that did not stream. A stream that ends before it gets
 * the partial output assembled from the text and function-call argument deltas instead. The first
 * text, refusal or argument delta marks the first token.
 */
final class ResponseStreamAccumulator implements StreamAccumulator<ResponseStreamEvent> {

  private final Map<Long, PartialItem> items = new TreeMap<>();
  private String id;
  private String model;
  private Response finalResponse;
  private String errorMessage;
  private long firstTokenNanos;

  @Override
  public void add(ResponseStreamEvent event) {
    if (event.isCreated()) {
      noteIdentity(event.asCreated()._response());
    } else if (event.isInProgress()) {
      noteIdentity(event.asInProgress()._response());
    } else if (event.isOutputItemAdded()) {
      ResponseOutputItem item = event.asOutputItemAdded()._item().asKnown().orElse(null);
      if (item != null && item.isFunctionCall()) {
        PartialItem partial = item(event.asOutputItemAdded()._outputIndex());
        partial.callId = item.asFunctionCall()._callId().asKnown().orElse(null);
        partial.name = item.asFunctionCall()._name().asKnown().orElse(null);
      }
    } else if (event.isOutputTextDelta()) {
      item(event.asOutputTextDelta()._outputIndex())
          .text()
          .append(event.asOutputTextDelta()._delta().asKnown().orElse(""));
      markFirstToken();
    } else if (event.isRefusalDelta()) {
      item(event.asRefusalDelta()._outputIndex())
          .refusal()
          .append(event.asRefusalDelta()._delta().asKnown().orElse(""));
      markFirstToken();
    } else if (event.isFunctionCallArgumentsDelta()) {
      item(event.asFunctionCallArgumentsDelta()._outputIndex())
          .arguments()
          .append(event.asFunctionCallArgumentsDelta()._delta().asKnown().orElse(""));
      markFirstToken();
    } else if (event.isCompleted()) {
      finalResponse = event.asCompleted()._response().asKnown().orElse(finalResponse);
    } else if (event.isIncomplete()) {
      finalResponse = event.asIncomplete()._response().asKnown().orElse(finalResponse);
    } else if (event.isFailed()) {
      finalResponse = event.asFailed()._response().asKnown().orElse(finalResponse);
    } else if (event.isError()) {
      String code = event.asError()._code().asKnown().orElse(null);
      String message = event.asError()._message().asKnown().orElse("no message");
      errorMessage = "stream error event: " + (code == null ? message : code + ": " + message);
    }
  }

  @Override
  public void recordTo(SpanData span) {
    if (finalResponse != null) {
      ResponseResults.record(span, finalResponse);
    } else {
      GenAiSpans.recordResponseIdentity(span, id, model);
      recordPartialOutput(span);
    }
    if (errorMessage != null) {
      span.recordError(errorMessage);
    }
    GenAiSpans.recordCompletionStart(span, firstTokenNanos);
  }

  private void recordPartialOutput(SpanData span) {
    List<FrozenItem> snapshot = new ArrayList<>(items.size());
    long bytes = 2;
    for (PartialItem item : items.values()) {
      FrozenItem frozen = item.freeze();
      snapshot.add(frozen);
      bytes += frozen.estimatedBytes();
    }
    if (snapshot.isEmpty()) {
      return;
    }
    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_OUTPUT,
        () -> {
          ArrayNode output = Json.array();
          for (FrozenItem item : snapshot) {
            output.add(item.toJson());
          }
          return Json.write(output);
        },
        bytes);
  }

  private void noteIdentity(JsonField<Response> response) {
    Response value = response.asKnown().orElse(null);
    if (value == null) {
      return;
    }
    if (id == null) {
      id = value._id().asKnown().orElse(null);
    }
    if (model == null) {
      model = value._model().asKnown().map(ResponseRequests::modelName).orElse(null);
    }
  }

  private PartialItem item(JsonField<Long> outputIndex) {
    return items.computeIfAbsent(outputIndex.asKnown().orElse(0L), index -> new PartialItem());
  }

  private void markFirstToken() {
    if (firstTokenNanos == 0) {
      firstTokenNanos = AgentClock.nowEpochNanos();
    }
  }

  /** The deltas of one output item so far; mutated only under the observation's lock. */
  private static final class PartialItem {
    private String callId;
    private String name;
    private StringBuilder text;
    private StringBuilder refusal;
    private StringBuilder arguments;

    StringBuilder text() {
      if (text == null) {
        text = new StringBuilder();
      }
      return text;
    }

    StringBuilder refusal() {
      if (refusal == null) {
        refusal = new StringBuilder();
      }
      return refusal;
    }

    StringBuilder arguments() {
      if (arguments == null) {
        arguments = new StringBuilder();
      }
      return arguments;
    }

    FrozenItem freeze() {
      return new FrozenItem(
          callId,
          name,
          text == null ? "" : text.toString(),
          refusal == null ? null : refusal.toString(),
          arguments == null ? null : arguments.toString());
    }
  }

  /** An immutable copy of one partial output item, turned into JSON on the exporter thread. */
  private static final class FrozenItem {
    private final String callId;
    private final String name;
    private final String text;
    private final String refusal;
    private final String arguments;

    FrozenItem(String callId, String name, String text, String refusal, String arguments) {
      this.callId = callId;
      this.name = name;
      this.text = text;
      this.refusal = refusal;
      this.arguments = arguments;
    }

    long estimatedBytes() {
      long bytes = ChatSizes.MESSAGE_OVERHEAD + text.length();
      bytes += refusal == null ? 0 : refusal.length();
      bytes += arguments == null ? 0 : arguments.length();
      return bytes;
    }

    JsonNode toJson() {
      boolean functionCall = name != null || callId != null || arguments != null;
      return functionCall
          ? ResponseOutput.functionCall(callId, name, arguments == null ? "" : arguments)
          : ResponseOutput.message(text, refusal);
    }
  }
}
