package com.langfuse.agent.instrumentation.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.models.chat.completions.ChatCompletion;
import java.util.List;

/**
 * The output JSON of a chat completion: the assistant message of each choice with its role,
 * content, refusal, tool calls and finish reason. One choice gives one message object; several (a
 * request with {@code n > 1}) give a list. Runs on the exporter thread.
 */
final class ChatOutput {

  private ChatOutput() {}

  static String fromChoices(List<ChatCompletion.Choice> choices) {
    ArrayNode messages = Json.array();
    for (ChatCompletion.Choice choice : choices) {
      JsonNode tree = Json.tree(choice);
      ObjectNode message = Json.object();
      JsonNode sent = Json.present(tree, "message");
      String role = Json.text(sent, "role");
      message.put("role", role != null ? role : "assistant");
      JsonNode content = sent == null ? null : sent.get("content");
      message.set("content", content == null ? NullNode.getInstance() : content);
      copyIfPresent(sent, "refusal", message);
      copyIfPresent(sent, "tool_calls", message);
      copyIfPresent(sent, "function_call", message);
      copyIfPresent(Json.present(sent, "audio"), "transcript", message);
      copyIfPresent(tree, "finish_reason", message);
      messages.add(message);
    }
    return write(messages);
  }

  /** Returns one message as an object and several as a list. */
  static String write(ArrayNode messages) {
    return Json.write(messages.size() == 1 ? messages.get(0) : messages);
  }

  private static void copyIfPresent(JsonNode from, String field, ObjectNode to) {
    JsonNode value = Json.present(from, field);
    if (value != null) {
      to.set(field, value);
    }
  }
}
