package com.langfuse.agent.instrumentation.openai;

import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageParam;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import java.util.List;
import java.util.Optional;

/**
 * Estimates, in bytes, of the input and output JSON of a chat completion, computed on the
 * application thread from the lengths of the strings it holds (text, image and audio data, tool
 * arguments) without serializing anything. The export queue charges them until the JSON is built.
 */
final class ChatSizes {

  /** Role, keys and punctuation of one message. */
  static final long MESSAGE_OVERHEAD = 48;

  /** A tool definition's schema, which is not measured. */
  static final long TOOL_ESTIMATE = 512;

  /** Content of a kind this class does not measure. */
  static final long UNMEASURED = 256;

  private ChatSizes() {}

  static long input(ChatCompletionCreateParams params) {
    long bytes = 2;
    for (ChatCompletionMessageParam message : params._messages().asKnown().orElse(List.of())) {
      bytes += MESSAGE_OVERHEAD + content(message);
    }
    bytes += params._tools().asKnown().map(List::size).orElse(0) * TOOL_ESTIMATE;
    bytes += params._functions().asKnown().map(List::size).orElse(0) * TOOL_ESTIMATE;
    return bytes;
  }

  static long output(List<ChatCompletion.Choice> choices) {
    long bytes = 2;
    for (ChatCompletion.Choice choice : choices) {
      bytes += MESSAGE_OVERHEAD;
      ChatCompletionMessage message = choice._message().asKnown().orElse(null);
      if (message == null) {
        continue;
      }
      bytes += length(message._content().asKnown());
      bytes += length(message._refusal().asKnown());
      bytes += toolCalls(message._toolCalls().asKnown().orElse(List.of()));
    }
    return bytes;
  }

  private static long content(ChatCompletionMessageParam message) {
    try {
      if (message.isUser()) {
        return message
            .asUser()
            ._content()
            .asKnown()
            .map(c -> length(c.text()) + contentParts(c.arrayOfContentParts().orElse(List.of())))
            .orElse(0L);
      }
      if (message.isSystem()) {
        return message
            .asSystem()
            ._content()
            .asKnown()
            .map(c -> length(c.text()) + textParts(c.arrayOfContentParts().orElse(List.of())))
            .orElse(0L);
      }
      if (message.isDeveloper()) {
        return message
            .asDeveloper()
            ._content()
            .asKnown()
            .map(c -> length(c.text()) + textParts(c.arrayOfContentParts().orElse(List.of())))
            .orElse(0L);
      }
      if (message.isTool()) {
        return message
            .asTool()
            ._content()
            .asKnown()
            .map(c -> length(c.text()) + textParts(c.arrayOfContentParts().orElse(List.of())))
            .orElse(0L);
      }
      if (message.isAssistant()) {
        return assistant(message.asAssistant());
      }
      if (message.isFunction()) {
        return length(message.asFunction()._content().asKnown());
      }
    } catch (RuntimeException e) {
      // The SDK rejects a field of an unexpected JSON type; count the message as unmeasured.
    }
    return UNMEASURED;
  }

  private static long assistant(ChatCompletionAssistantMessageParam message) {
    long bytes = length(message._refusal().asKnown());
    bytes += toolCalls(message._toolCalls().asKnown().orElse(List.of()));
    ChatCompletionAssistantMessageParam.Content content = message._content().asKnown().orElse(null);
    if (content != null) {
      bytes += length(content.text());
      for (ChatCompletionAssistantMessageParam.Content
              .ChatCompletionRequestAssistantMessageContentPart
          part : content.arrayOfContentParts().orElse(List.of())) {
        bytes += part.text().map(text -> length(text._text().asKnown())).orElse(0L);
        bytes += part.refusal().map(refusal -> length(refusal._refusal().asKnown())).orElse(0L);
      }
    }
    return bytes;
  }

  private static long contentParts(List<ChatCompletionContentPart> parts) {
    long bytes = 0;
    for (ChatCompletionContentPart part : parts) {
      bytes += 16;
      if (part.isText()) {
        bytes += length(part.asText()._text().asKnown());
      } else if (part.isImageUrl()) {
        bytes +=
            part.asImageUrl()
                ._imageUrl()
                .asKnown()
                .map(url -> length(url._url().asKnown()))
                .orElse(0L);
      } else if (part.isInputAudio()) {
        bytes +=
            part.asInputAudio()
                ._inputAudio()
                .asKnown()
                .map(audio -> length(audio._data().asKnown()))
                .orElse(0L);
      } else if (part.isFile()) {
        bytes +=
            part.asFile()
                ._file()
                .asKnown()
                .map(file -> length(file._fileData().asKnown()))
                .orElse(0L);
      } else {
        bytes += UNMEASURED;
      }
    }
    return bytes;
  }

  private static long textParts(List<ChatCompletionContentPartText> parts) {
    long bytes = 0;
    for (ChatCompletionContentPartText part : parts) {
      bytes += 16 + length(part._text().asKnown());
    }
    return bytes;
  }

  private static long toolCalls(List<ChatCompletionMessageToolCall> calls) {
    long bytes = 0;
    for (ChatCompletionMessageToolCall call : calls) {
      bytes += 96;
      bytes +=
          call.function()
              .flatMap(function -> function._function().asKnown())
              .map(function -> length(function._arguments().asKnown()))
              .orElse(0L);
    }
    return bytes;
  }

  static long length(Optional<String> text) {
    return text.map(String::length).orElse(0);
  }
}
