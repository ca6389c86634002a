package com.langfuse.agent.instrumentation.anthropic;

import com.anthropic.models.beta.messages.BetaMessage;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Model;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiApi;
import com.langfuse.agent.instrumentation.genai.StreamAccumulator;

/**
 * What differs between the Messages API and its beta twin: the SDK types of the request, the
 * response and the stream events. Both go to {@code /v1/messages} with the same JSON shapes.
 */
enum AnthropicApi implements GenAiApi {
  MESSAGES("message") {
    @Override
    SpanData start(Object params, boolean streaming) {
      MessageCreateParams request = (MessageCreateParams) params;
      String model = request._model().asKnown().map(Model::asString).orElse(null);
      return MessageRequests.start(
          model, request._body(), InputSizes.messages(request), streaming);
    }

    @Override
    public void recordResponse(SpanData span, Object response) {
      MessageResults.record(span, MessageReader.read((Message) response), response);
    }

    @Override
    public StreamAccumulator<?> newStreamAccumulator() {
      return new MessageStreamAccumulator<>(new MessageEvents());
    }
  },

  BETA_MESSAGES("beta message") {
    @Override
    SpanData start(Object params, boolean streaming) {
      com.anthropic.models.beta.messages.MessageCreateParams request =
          (com.anthropic.models.beta.messages.MessageCreateParams) params;
      String model = request._model().asKnown().map(Model::asString).orElse(null);
      return MessageRequests.start(
          model, request._body(), InputSizes.betaMessages(request), streaming);
    }

    @Override
    public void recordResponse(SpanData span, Object response) {
      MessageResults.record(span, BetaMessageReader.read((BetaMessage) response), response);
    }

    @Override
    public StreamAccumulator<?> newStreamAccumulator() {
      return new MessageStreamAccumulator<>(new BetaMessageEvents());
    }
  };

  private final String displayName;

  AnthropicApi(String displayName) {
    this.displayName = displayName;
  }

  /** Returns the API of {@code operation}, or null for a code this handler does not know. */
  static AnthropicApi forOperation(int operation) {
    switch (AnthropicOperations.api(operation)) {
      case AnthropicOperations.API_MESSAGES:
        return MESSAGES;
      case AnthropicOperations.API_BETA_MESSAGES:
        return BETA_MESSAGES;
      default:
        return null;
    }
  }

  @Override
  public String displayName() {
    return displayName;
  }

  /** Starts the span of a call with request {@code params} and records what the request says. */
  abstract SpanData start(Object params, boolean streaming);

  /** Records the parsed response of a call that did not stream. */
  @Override
  public abstract void recordResponse(SpanData span, Object response);

  @Override
  public abstract StreamAccumulator<?> newStreamAccumulator();
}
