package com.langfuse.agent.instrumentation.openai;

import com.langfuse.agent.bootstrap.bridge.RequestBodies;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

/**
 * The fields of a chat completion request body that its attributes read, as JSON text, read on
 * first use and shared by the deferred attributes, so the work happens once, on the exporter
 * thread.
 *
 * <p>When the SDK's request builder handed over the body it sent ({@link #onRequestBody}), its JSON
 * text is cut up as it is. Otherwise, or when that text cannot be used, the fields are serialized
 * from the SDK's body object.
 */
final class ChatRequestJson implements RequestBodies.Listener {

  private final ChatCompletionCreateParams.Body body;
  private final Object service;

  /** The span charged for the sent body while it is kept, or null. */
  private final SpanData span;

  /** The SDK's HTTP request body of this call, set on the application thread, or null. */
  private volatile Object sentBody;

  private RawJson.Members members;
  private boolean fromSentBody;

  ChatRequestJson(ChatCompletionCreateParams.Body body) {
    this(body, null, null);
  }

  /** Creates the request JSON of a call of {@code service}, whose client options it reads. */
  ChatRequestJson(ChatCompletionCreateParams.Body body, Object service) {
    this(body, service, null);
  }

  /**
   * Creates the request JSON of a call of {@code service}, whose client options it reads, and which
   * charges the sent body it keeps to {@code span}.
   */
  ChatRequestJson(ChatCompletionCreateParams.Body body, Object service, SpanData span) {
    this.body = body;
    this.service = service;
    this.span = span;
  }

  /**
   * Keeps the HTTP request body that the SDK built for this call when it is a JSON body, and
   * charges its size to the span, because the span keeps it until export.
   */
  @Override
  public void onRequestBody(Object requestBody) {
    long bytes = SentRequestJson.sizeToKeep(requestBody);
    if (bytes < 0) {
      return;
    }
    if (span != null) {
      span.addEstimatedBytes(bytes);
    }
    sentBody = requestBody;
  }

  /**
   * Returns the top-level members of the body that {@link ChatRequests#input} and {@link
   * ModelParameters#fromChatRequest} read, each the text the SDK writes for it on the wire.
   */
  synchronized RawJson.Members members() {
    if (members == null) {
      members = sentMembers();
      fromSentBody = members != null;
      if (members == null) {
        members = members(body);
      }
      // The bytes are no longer needed once cut up.
      sentBody = null;
    }
    return members;
  }

  /** Returns whether {@link #members} were cut from the JSON the SDK sent, for tests. */
  synchronized boolean fromSentBody() {
    return fromSentBody;
  }

  /**
   * Returns the members of the JSON the SDK sent, or null when there is none, or when it is not a
   * usable chat request body: not from the SDK's shared mapper, not JSON, or without messages.
   */
  private RawJson.Members sentMembers() {
    Object sent = sentBody;
    if (sent == null) {
      return null;
    }
    try {
      String text = SentRequestJson.text(service, sent);
      if (text == null) {
        return null;
      }
      RawJson.Members sentMembers = RawJson.parse(text).members();
      if (sentMembers.present("messages") == null) {
        return null;
      }
      return sentMembers;
    } catch (Exception e) {
      // Anything unexpected in the SDK's body leaves the fields to be serialized again. The body
      // is Kotlin code, which may throw an IOException that writeTo does not declare.
      return null;
    }
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
