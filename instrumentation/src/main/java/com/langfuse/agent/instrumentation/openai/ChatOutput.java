package com.langfuse.agent.instrumentation.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.openai.core.JsonField;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAudio;
import com.openai.models.chat.completions.ChatCompletionMessage;
import java.util.List;

/**
 * The output JSON of a chat completion: the assistant message of each choice with its role,
 * content, refusal, tool calls and finish reason. One choice gives one message object; several (a
 * request with {@code n > 1}) give a list. Runs on the exporter thread.
 */
final class ChatOutput {

  private ChatOutput() {}

  /**
   * Returns the output of {@code choices}, the same text as picking the fields from each choice's
   * tree. Choices of the SDK's own types are written field by field through the SDK's mapper.
   * Otherwise every choice is serialized whole and the fields are cut from that text. That happens
   * when a choice or its message has additional properties, which may replace a field of the same
   * name, or when the SDK could not parse a message or its audio into its type.
   */
  static String fromChoices(List<ChatCompletion.Choice> choices) {
    for (ChatCompletion.Choice choice : choices) {
      if (!isTyped(choice)) {
        return fromChoiceTexts(choices);
      }
    }
    String plain = plainMessages(choices);
    if (plain != null) {
      return plain;
    }
    boolean list = choices.size() != 1;
    FieldsJson output = new FieldsJson(list);
    for (ChatCompletion.Choice choice : choices) {
      if (list) {
        output.startObject();
      }
      writeMessage(output, choice);
      if (list) {
        output.endObject();
      }
    }
    return output.finish();
  }

  /** Returns one message as an object and several as a list. */
  static String write(ArrayNode messages) {
    return Json.write(messages.size() == 1 ? messages.get(0) : messages);
  }

  private static boolean isTyped(ChatCompletion.Choice choice) {
    ChatCompletionMessage message = choice._message().asKnown().orElse(null);
    if (message == null
        || !choice._additionalProperties().isEmpty()
        || !message._additionalProperties().isEmpty()) {
      return false;
    }
    JsonField<ChatCompletionAudio> audio = message._audio();
    return !isPresent(audio) || audio.asKnown().isPresent();
  }

  /**
   * Returns the output of typed choices written without Jackson, or null when a message is not
   * plain text. A plain message has string or null content, a string refusal or none, no tool
   * calls, function call or audio, and a finish reason that is a string or absent. Most chat
   * completions are, and writing them here skips a Jackson generator per span.
   */
  private static String plainMessages(List<ChatCompletion.Choice> choices) {
    boolean list = choices.size() != 1;
    StringBuilder output = new StringBuilder(128);
    if (list) {
      output.append('[');
    }
    for (int i = 0; i < choices.size(); i++) {
      if (i > 0) {
        output.append(',');
      }
      if (!appendPlainMessage(output, choices.get(i))) {
        return null;
      }
    }
    if (list) {
      output.append(']');
    }
    return output.toString();
  }

  /**
   * Appends the fields of a plain message as {@link #writeMessage} writes them, or returns false
   * when the message is not plain. The output may then contain part of the message.
   */
  private static boolean appendPlainMessage(StringBuilder output, ChatCompletion.Choice choice) {
    ChatCompletionMessage message = choice._message().asKnown().orElseThrow();
    if (isPresent(message._toolCalls())
        || isPresent(message._functionCall())
        || isPresent(message._audio())) {
      return false;
    }
    JsonField<?> role = message._role();
    JsonStrings.appendQuoted(output.append("{\"role\":"), role.asString().orElse("assistant"));

    JsonField<String> content = message._content();
    output.append(",\"content\":");
    if (content.isMissing() || content.isNull()) {
      output.append("null");
    } else if (!appendKnownString(output, content)) {
      return false;
    }
    JsonField<String> refusal = message._refusal();
    if (isPresent(refusal) && !appendKnownString(output.append(",\"refusal\":"), refusal)) {
      return false;
    }
    JsonField<ChatCompletion.Choice.FinishReason> finishReason = choice._finishReason();
    if (isPresent(finishReason)) {
      ChatCompletion.Choice.FinishReason known = finishReason.asKnown().orElse(null);
      if (known == null
          || !appendKnownString(output.append(",\"finish_reason\":"), known._value())) {
        return false;
      }
    }
    output.append('}');
    return true;
  }

  /** Appends the string value of {@code field}, or returns false when it has none. */
  private static boolean appendKnownString(StringBuilder output, JsonField<String> field) {
    String value = field.asKnown().orElse(null);
    if (value == null) {
      return false;
    }
    JsonStrings.appendQuoted(output, value);
    return true;
  }

  /** Writes the fields of a choice that {@link #isTyped} accepts, as the tree path picks them. */
  private static void writeMessage(FieldsJson output, ChatCompletion.Choice choice) {
    ChatCompletionMessage message = choice._message().asKnown().orElseThrow();
    // JsonValue extends the raw JsonField type, so this typed view gives asString its type back.
    JsonField<?> role = message._role();
    output.string("role", role.asString().orElse("assistant"));
    if (message._content().isMissing()) {
      output.nullField("content");
    } else {
      output.field("content", message._content());
    }
    fieldIfPresent(output, "refusal", message._refusal());
    fieldIfPresent(output, "tool_calls", message._toolCalls());
    fieldIfPresent(output, "function_call", message._functionCall());
    ChatCompletionAudio audio = message._audio().asKnown().orElse(null);
    if (audio != null) {
      fieldIfPresent(output, "transcript", audio._transcript());
    }
    fieldIfPresent(output, "finish_reason", choice._finishReason());
  }

  private static void fieldIfPresent(FieldsJson output, String name, JsonField<?> value) {
    if (isPresent(value)) {
      output.field(name, value);
    }
  }

  private static boolean isPresent(JsonField<?> value) {
    return !value.isMissing() && !value.isNull();
  }

  /** Returns the output cut from the text of each choice serialized whole. */
  private static String fromChoiceTexts(List<ChatCompletion.Choice> choices) {
    StringBuilder output = new StringBuilder(256);
    boolean list = choices.size() != 1;
    if (list) {
      output.append('[');
    }
    for (int i = 0; i < choices.size(); i++) {
      if (i > 0) {
        output.append(',');
      }
      appendMessage(output, RawJson.parse(Json.serialize(choices.get(i))).members());
    }
    if (list) {
      output.append(']');
    }
    return output.toString();
  }

  private static void appendMessage(StringBuilder output, RawJson.Members choice) {
    RawJson sent = choice.present("message");
    RawJson.Members message = sent == null ? RawJson.NO_MEMBERS : sent.members();
    RawJson role = message.string("role");
    output.append("{\"role\":");
    if (role != null) {
      role.appendTo(output);
    } else {
      output.append("\"assistant\"");
    }
    RawJson content = message.get("content");
    output.append(",\"content\":");
    if (content != null) {
      content.appendTo(output);
    } else {
      output.append("null");
    }
    appendIfPresent(message, "refusal", output);
    appendIfPresent(message, "tool_calls", output);
    appendIfPresent(message, "function_call", output);
    RawJson audio = message.present("audio");
    if (audio != null) {
      appendIfPresent(audio.members(), "transcript", output);
    }
    appendIfPresent(choice, "finish_reason", output);
    output.append('}');
  }

  private static void appendIfPresent(RawJson.Members from, String field, StringBuilder to) {
    RawJson value = from.present(field);
    if (value != null) {
      value.appendTo(to.append(",\"").append(field).append("\":"));
    }
  }
}
