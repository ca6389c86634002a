package com.langfuse.agent.instrumentation.anthropic;

import com.anthropic.models.beta.messages.BetaContentBlockParam;
import com.anthropic.models.beta.messages.BetaMessageContentParam;
import com.anthropic.models.beta.messages.BetaMessageParam;
import com.anthropic.models.beta.messages.BetaTextBlockParam;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.MessageContentParam;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.TextBlockParam;
import java.util.List;
import java.util.Optional;

/**
 * Estimates, in bytes, of the input JSON of a Messages API call, computed on the application
 * thread from the lengths of the texts it holds without serializing anything. The export queue
 * charges them until the JSON is built.
 *
 * <p>NOTE: the message types were reshaped between 3.x releases of the SDK. On a version whose
 * types do not link against these methods, each message is charged {@link #UNMEASURED} instead.
 */
final class InputSizes {

  /** Role, keys and punctuation of one message. */
  static final long MESSAGE_OVERHEAD = 48;

  /** A tool definition's schema, which is not measured. */
  static final long TOOL_ESTIMATE = 512;

  /** Content of a kind this class does not measure, such as an image or a tool result. */
  static final long UNMEASURED = 256;

  private InputSizes() {}

  static long messages(MessageCreateParams params) {
    List<?> messages = params._messages().asKnown().orElse(List.of());
    long bytes = base(messages.size(), params._tools().asKnown().map(List::size).orElse(0));
    try {
      MessageCreateParams.System system = params._system().asKnown().orElse(null);
      if (system != null) {
        bytes += MESSAGE_OVERHEAD + length(system.string());
        for (TextBlockParam block : system.textBlockParams().orElse(List.of())) {
          bytes += length(block._text().asKnown());
        }
      }
      for (MessageParam message : params._messages().asKnown().orElse(List.of())) {
        bytes += content(message.content());
      }
    } catch (RuntimeException | LinkageError e) {
      bytes += messages.size() * UNMEASURED;
    }
    return bytes;
  }

  static long betaMessages(com.anthropic.models.beta.messages.MessageCreateParams params) {
    List<?> messages = params._messages().asKnown().orElse(List.of());
    long bytes = base(messages.size(), params._tools().asKnown().map(List::size).orElse(0));
    try {
      com.anthropic.models.beta.messages.MessageCreateParams.System system =
          params._system().asKnown().orElse(null);
      if (system != null) {
        bytes += MESSAGE_OVERHEAD + length(system.string());
        for (BetaTextBlockParam block : system.betaTextBlockParams().orElse(List.of())) {
          bytes += length(block._text().asKnown());
        }
      }
      for (BetaMessageParam message : params._messages().asKnown().orElse(List.of())) {
        bytes += betaContent(message.content().orElse(null));
      }
    } catch (RuntimeException | LinkageError e) {
      bytes += messages.size() * UNMEASURED;
    }
    return bytes;
  }

  private static long base(int messages, int tools) {
    return 2 + messages * MESSAGE_OVERHEAD + tools * TOOL_ESTIMATE;
  }

  private static long content(MessageContentParam content) {
    long bytes = length(content.string());
    for (ContentBlockParam block : content.contentBlockParams().orElse(List.of())) {
      bytes += block.isText() ? length(block.asText()._text().asKnown()) : UNMEASURED;
    }
    return bytes;
  }

  private static long betaContent(BetaMessageContentParam content) {
    if (content == null) {
      return UNMEASURED;
    }
    long bytes = length(content.string());
    for (BetaContentBlockParam block : content.contentBlockParams().orElse(List.of())) {
      bytes += block.isText() ? length(block.asText()._text().asKnown()) : UNMEASURED;
    }
    return bytes;
  }

  private static long length(Optional<String> text) {
    return text.map(String::length).orElse(0);
  }
}
