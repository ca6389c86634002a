package com.langfuse.agent.instrumentation.springai;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Status messages for failed Spring AI calls. */
final class ErrorDescriptions {

  /**
   * An error response as Spring AI 1.x's default response error handler words it ({@code <status>
   * - <response body>}), or as the OpenAI and Anthropic SDKs under 2.x do ({@code <status>:
   * <message>}).
   */
  private static final Pattern HTTP_ERROR =
      Pattern.compile("^(\\d{3})(?: -|:) (.*)$", Pattern.DOTALL);

  private static final Pattern PROVIDER_MESSAGE =
      Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  private ErrorDescriptions() {}

  /**
   * Returns {@code HTTP <status>: <provider message>} for an error response of the provider, and
   * the exception class and message for anything else.
   */
  static String describe(Throwable error) {
    String message = error.getMessage();
    if (message == null) {
      return error.getClass().getName();
    }
    Matcher http = HTTP_ERROR.matcher(message.startsWith("HTTP ") ? message.substring(5) : message);
    if (http.matches()) {
      Matcher provider = PROVIDER_MESSAGE.matcher(http.group(2));
      String detail = provider.find() ? provider.group(1) : http.group(2);
      return "HTTP " + http.group(1) + ": " + detail;
    }
    return error.getClass().getName() + ": " + message;
  }
}
