package com.langfuse.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Chooses the recording that {@link FakeLlmProvider} serves for a request when no response was
 * enqueued, from the request's path and the fields of its JSON body.
 */
final class DefaultRecordings {

  private DefaultRecordings() {}

  /** Returns the case name for a request, or null when the path has no recording. */
  static String caseFor(String method, String path, JsonNode body) {
    if (!"POST".equals(method)) {
      return null;
    }
    JsonNode request = body == null ? Json.MAPPER.missingNode() : body;
    switch (path) {
      case "/v1/chat/completions":
        return chatCompletion(request);
      case "/v1/embeddings":
        return "base64".equals(request.path("encoding_format").asText())
            ? "openai/embeddings-base64"
            : "openai/embeddings-basic";
      case "/v1/responses":
        return response(request);
      case "/v1/messages":
        return anthropicMessage(request);
      default:
        return geminiContent(path);
    }
  }

  private static String chatCompletion(JsonNode request) {
    boolean toolResults = hasToolMessage(request.path("messages"));
    boolean tools = request.path("tools").size() > 0;
    if (request.path("stream").asBoolean(false)) {
      if (toolResults) {
        return "openai/chat-stream-tool-calls-2";
      }
      if (tools) {
        return "openai/chat-stream-tool-calls-1";
      }
      if (request.path("stream_options").path("include_usage").asBoolean(false)) {
        return "openai/chat-stream-include-usage";
      }
      return "openai/chat-stream";
    }
    if (toolResults) {
      return "openai/chat-tool-calls-2";
    }
    if (tools) {
      return "openai/chat-tool-calls-1";
    }
    if (request.path("n").asInt(1) == 2) {
      return "openai/chat-multiple-choices";
    }
    return "openai/chat-basic";
  }

  private static String response(JsonNode request) {
    if (request.path("stream").asBoolean(false)) {
      return "openai/responses-streaming";
    }
    if (request.path("tools").size() > 0) {
      return "openai/responses-function-call";
    }
    return "openai/responses-reasoning-tokens";
  }

  private static String anthropicMessage(JsonNode request) {
    if (request.path("stream").asBoolean(false)) {
      return "anthropic/messages-streaming";
    }
    if (request.path("tools").size() > 0) {
      return "anthropic/messages-tool-use";
    }
    if ("enabled".equals(request.path("thinking").path("type").asText())) {
      return "anthropic/messages-thinking";
    }
    return "anthropic/messages-basic";
  }

  /** Matches Vertex AI paths of any project, location and model. */
  private static String geminiContent(String path) {
    if (path.endsWith(":streamGenerateContent")) {
      return "gemini/vertexai-stream-generate-content";
    }
    if (path.endsWith(":generateContent")) {
      return "gemini/vertexai-generate-content";
    }
    return null;
  }

  private static boolean hasToolMessage(JsonNode messages) {
    for (JsonNode message : messages) {
      if ("tool".equals(message.path("role").asText())) {
        return true;
      }
    }
    return false;
  }
}
