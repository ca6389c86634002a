package com.langfuse.agent.internal.exporter;

import com.langfuse.agent.bootstrap.export.SendResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps an HTTP response or a network error to a {@link SendResult}, with a message that is safe to
 * log: at most {@link #MAX_MESSAGE_CHARS} characters on one line, with every credential given to
 * the constructor replaced by {@code <redacted>}.
 */
final class ResponseClassifier {

  static final int MAX_MESSAGE_CHARS = 500;

  private static final String REDACTED = "<redacted>";

  private final List<String> secrets = new ArrayList<>();

  /** Creates a classifier that removes each non-empty value of {@code secrets} from messages. */
  ResponseClassifier(String... secrets) {
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        this.secrets.add(secret);
      }
    }
  }

  /**
   * Classifies {@code response}: 2xx is a success, 401 and 403 unauthorized, 408, 429 and 5xx
   * retryable with the server's Retry-After, and every other status rejected.
   */
  SendResult classify(HttpResponse response) {
    int status = response.status();
    if (status >= 200 && status < 300) {
      // Langfuse returns its own JSON, not an OTLP response, so the body is not parsed.
      return SendResult.success();
    }

    String message = message(response);
    if (status == 401 || status == 403) {
      return SendResult.unauthorized(status, message);
    }
    if (status == 408 || status == 429 || status >= 500) {
      long retryAfter =
          RetryAfter.parseMillis(response.header("Retry-After"), System.currentTimeMillis());
      return SendResult.retryable(status, retryAfter, message);
    }
    if (status >= 300 && status < 400) {
      String location = response.header("Location");
      message =
          "redirected to "
              + (location == null ? "an unknown location" : safe(location))
              + ": set LANGFUSE_BASE_URL to the final URL"
              + (message == null ? "" : " (" + message + ")");
    }
    return SendResult.rejected(status, message);
  }

  /** Classifies an exception thrown before a response arrived: always retryable, status 0. */
  SendResult failure(Exception error) {
    String text = error.getClass().getName();
    if (error.getMessage() != null) {
      text += ": " + error.getMessage();
    }
    return SendResult.retryable(0, RetryAfter.ABSENT, safe(text));
  }

  /** Returns the start of the body, or the HTTP reason phrase when the body is empty. */
  private String message(HttpResponse response) {
    String text = response.bodyText().strip();
    if (text.isEmpty()) {
      text = response.reason();
    }
    return text == null || text.isEmpty() ? null : safe(text);
  }

  /**
   * Redacts secrets, flattens line breaks and truncates to {@link #MAX_MESSAGE_CHARS}, the last
   * three being "..." when something was cut.
   */
  String safe(String text) {
    String result = text;
    for (String secret : secrets) {
      result = result.replace(secret, REDACTED);
    }
    result = result.replace('\r', ' ').replace('\n', ' ');
    if (result.length() > MAX_MESSAGE_CHARS) {
      int end = MAX_MESSAGE_CHARS - 3;
      // Do not cut a surrogate pair in half.
      if (Character.isHighSurrogate(result.charAt(end - 1))) {
        end--;
      }
      result = result.substring(0, end) + "...";
    }
    return result;
  }
}
