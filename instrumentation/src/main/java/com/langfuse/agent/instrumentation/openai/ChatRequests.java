package com.langfuse.agent.instrumentation.openai;

import com.langfuse.agent.bootstrap.bridge.RequestBodies;
import com.langfuse.agent.bootstrap.trace.ContentCapture;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.genai.GenAiSpans;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

/** Starts the span of a chat completion call and records its request. */
final class ChatRequests {

  private ChatRequests() {}

  /**
   * Starts the span of a call of {@code service}. With content capture on, it also registers for
   * the request body the SDK builds during the call, so that the exporter can read the JSON the SDK
   * sent.
   */
  static SpanData start(ChatCompletionCreateParams params, boolean streaming, Object service) {
    String model = params._model().asKnown().map(ChatModel::asString).orElse(null);
    SpanData span =
        GenAiSpans.start(
            OpenAiProvider.INSTANCE,
            GenAiSpans.OPERATION_CHAT,
            LangfuseAttributes.TYPE_GENERATION,
            model);

    ChatRequestJson body = new ChatRequestJson(params._body(), service, span);
    // The body is kept only when the exporter will read it. That needs a sampled span, content
    // capture, without which the input is never set, and a client on the SDK's shared mapper. The
    // body charges its own size to the span when the SDK builds it.
    if (span.isSampled() && ContentCapture.isEnabled() && SentRequestJson.readsBodiesOf(service)) {
      RequestBodies.listen(body);
    }
    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_MODEL_PARAMETERS,
        () -> ModelParameters.fromChatRequest(body.members(), streaming),
        ModelParameters.ESTIMATED_BYTES);
    span.setDeferredAttribute(
        LangfuseAttributes.OBSERVATION_INPUT, () -> input(body.members()), ChatSizes.input(params));
    return span;
  }

  /**
   * Returns the messages as sent, or {@code {"messages": [...], "tools": [...]}} when the request
   * also defines tools (or legacy functions). The values are copied as the SDK wrote them.
   */
  static String input(RawJson.Members body) {
    RawJson messages = body.present("messages");
    RawJson tools = body.present("tools");
    RawJson functions = body.present("functions");
    if (tools == null && functions == null) {
      return messages == null ? null : messages.text();
    }
    StringBuilder input = new StringBuilder().append("{\"messages\":");
    if (messages == null) {
      input.append("[]");
    } else {
      messages.appendTo(input);
    }
    if (tools != null) {
      tools.appendTo(input.append(",\"tools\":"));
    }
    if (functions != null) {
      functions.appendTo(input.append(",\"functions\":"));
    }
    return input.append('}').toString();
  }
}
