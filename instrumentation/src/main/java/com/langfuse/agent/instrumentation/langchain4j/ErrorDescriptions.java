package com.langfuse.agent.instrumentation.langchain4j;

import dev.langchain4j.exception.HttpException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Status messages for failed LangChain4j calls, as Langfuse shows them on the observation. */
final class ErrorDescriptions {

  /** The first {@code "message": "..."} member of a provider's JSON error body. */
  private static final Pattern MESSAGE =
      Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.){0,2000})\"");

  private static final int MAX_CAUSES = 8;

  private ErrorDescriptions() {}

  /**
   * Returns {@code HTTP <status>: <provider message>} when the error or one of its causes is the
   * {@link HttpException} of a provider's error response, and the exception class and message
   * otherwise.
   */
  static String describe(Throwable error) {
    Throwable current = error;
    for (int i = 0; current != null && i < MAX_CAUSES; i++) {
      if (current instanceof HttpException) {
        HttpException http = (HttpException) current;
        return "HTTP " + http.statusCode() + ": " + providerMessage(http.getMessage());
      }
      current = current.getCause();
    }
    String message = error.getMessage();
    return message == null
        ? error.getClass().getName()
        : error.getClass().getName() + ": " + message;
  }

  /** Returns the {@code message} of a JSON error body, or the whole body when it has none. */
  static String providerMessage(String body) {
    if (body == null) {
      return "";
    }
    Matcher matcher = MESSAGE.matcher(body);
    if (!matcher.find()) {
      return body;
    }
    return matcher.group(1).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\");
  }
}
