package com.langfuse.agent.instrumentation.openai;

import com.openai.models.chat.completions.ChatCompletionCreateParams;

/**
 * The fields of a chat completion request body that its attributes read, as JSON text, serialized
 * on first use and shared by the deferred attributes, so the body is serialized once, on the
 * exporter thread.
 */
final class ChatRequestJson {

  private final ChatCompletionCreateParams.Body body;
  private RawJson.Members members;

  ChatRequestJson(ChatCompletionCreateParams.Body body) {
    this.body = body;
  }

  /**
   * Returns the top-level members of the body that {@link ChatRequests#input} and {@link
   * ModelParameters#fromChatRequest} read, each the text the SDK writes for it on the wire.
   */
  synchronized RawJson.Members members() {
    if (members == null) {
      members = members(body);
    }
    return members;
  }

  /**
   * Returns the members of the body's JSON with only the fields the attributes read. A body with
   * additional properties is serialized whole, because one of them may replace a field of the same
   * name.
   */
  static RawJson.Members members(ChatCompletionCreateParams.Body body) {
    if (!body._additionalProperties().isEmpty()) {
      return RawJson.parse(Json.serialize(body)).members();
    }
    return new FieldsJson()
        .field("messages", body._messages())
        .field("tools", body._tools())
        .field("functions", body._functions())
        .field("temperature", body._temperature())
        .field("top_p", body._topP())
        .field("max_tokens", body._maxTokens())
        .field("max_completion_tokens", body._maxCompletionTokens())
        .field("frequency_penalty", body._frequencyPenalty())
        .field("presence_penalty", body._presencePenalty())
        .field("seed", body._seed())
        .field("n", body._n())
        .field("reasoning_effort", body._reasoningEffort())
        .field("service_tier", body._serviceTier())
        .field("parallel_tool_calls", body._parallelToolCalls())
        .field("logprobs", body._logprobs())
        .field("top_logprobs", body._topLogprobs())
        .field("stop", body._stop())
        .field("response_format", body._responseFormat())
        .field("tool_choice", body._toolChoice())
        .finishMembers();
  }
}
