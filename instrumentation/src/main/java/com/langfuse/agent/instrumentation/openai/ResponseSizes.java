package com.langfuse.agent.instrumentation.openai;

import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseInputContent;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseOutputMessage;
import com.openai.models.responses.ResponseReasoningItem;
import java.util.List;

/**
 * Estimates, in bytes, of the input and output JSON of a Responses API call, from the lengths of
 * the strings the request and response hold; see {@link ChatSizes}.
 */
final class ResponseSizes {

  private ResponseSizes() {}

  static long input(ResponseCreateParams params) {
    long bytes = 2 + ChatSizes.MESSAGE_OVERHEAD;
    bytes += ChatSizes.length(params._instructions().asKnown());
    ResponseCreateParams.Input input = params._input().asKnown().orElse(null);
    if (input != null) {
      bytes += ChatSizes.length(input.text());
      for (ResponseInputItem item : input.response().orElse(List.of())) {
        bytes += ChatSizes.MESSAGE_OVERHEAD + inputItem(item);
      }
    }
    bytes += params._tools().asKnown().map(List::size).orElse(0) * ChatSizes.TOOL_ESTIMATE;
    return bytes;
  }

  static long output(List<ResponseOutputItem> items) {
    long bytes = 2;
    for (ResponseOutputItem item : items) {
      bytes += ChatSizes.MESSAGE_OVERHEAD;
      try {
        if (item.isMessage()) {
          bytes += outputMessage(item.asMessage());
        } else if (item.isFunctionCall()) {
          bytes += ChatSizes.length(item.asFunctionCall()._arguments().asKnown());
        } else if (item.isReasoning()) {
          bytes += reasoning(item.asReasoning());
        } else {
          bytes += ChatSizes.UNMEASURED;
        }
      } catch (RuntimeException e) {
        bytes += ChatSizes.UNMEASURED;
      }
    }
    return bytes;
  }

  private static long inputItem(ResponseInputItem item) {
    try {
      if (item.isEasyInputMessage()) {
        return item.asEasyInputMessage()
            ._content()
            .asKnown()
            .map(
                content ->
                    ChatSizes.length(content.textInput())
                        + contentParts(content.responseInputMessageContentList().orElse(List.of())))
            .orElse(0L);
      }
      if (item.isMessage()) {
        return contentParts(item.asMessage()._content().asKnown().orElse(List.of()));
      }
      if (item.isResponseOutputMessage()) {
        return outputMessage(item.asResponseOutputMessage());
      }
      if (item.isFunctionCall()) {
        return ChatSizes.length(item.asFunctionCall()._arguments().asKnown());
      }
      if (item.isFunctionCallOutput()) {
        ResponseInputItem.FunctionCallOutput.Output output =
            item.asFunctionCallOutput()._output().asKnown().orElse(null);
        if (output == null) {
          return 0;
        }
        return output.isString() ? output.asString().length() : ChatSizes.UNMEASURED;
      }
    } catch (RuntimeException e) {
      // The SDK rejects a field of an unexpected JSON type; count the item as unmeasured.
    }
    return ChatSizes.UNMEASURED;
  }

  private static long contentParts(List<ResponseInputContent> parts) {
    long bytes = 0;
    for (ResponseInputContent part : parts) {
      bytes += 16;
      if (part.isInputText()) {
        bytes += ChatSizes.length(part.asInputText()._text().asKnown());
      } else if (part.isInputImage()) {
        bytes += ChatSizes.length(part.asInputImage()._imageUrl().asKnown());
      } else if (part.isInputFile()) {
        bytes += ChatSizes.length(part.asInputFile()._fileData().asKnown());
      } else {
        bytes += ChatSizes.UNMEASURED;
      }
    }
    return bytes;
  }

  private static long outputMessage(ResponseOutputMessage message) {
    long bytes = 0;
    for (ResponseOutputMessage.Content part : message._content().asKnown().orElse(List.of())) {
      if (part.isOutputText()) {
        bytes += ChatSizes.length(part.asOutputText()._text().asKnown());
      } else if (part.isRefusal()) {
        bytes += ChatSizes.length(part.asRefusal()._refusal().asKnown());
      }
    }
    return bytes;
  }

  private static long reasoning(ResponseReasoningItem item) {
    long bytes = 0;
    for (ResponseReasoningItem.Summary summary : item._summary().asKnown().orElse(List.of())) {
      bytes += 16 + ChatSizes.length(summary._text().asKnown());
    }
    return bytes;
  }
}
