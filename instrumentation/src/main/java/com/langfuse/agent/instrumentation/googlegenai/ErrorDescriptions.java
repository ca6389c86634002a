package com.langfuse.agent.instrumentation.googlegenai;

import com.google.genai.errors.ApiException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Status messages for failed calls, as Langfuse shows them on the generation. */
final class ErrorDescriptions {

  private ErrorDescriptions() {}

  /**
   * Returns {@code HTTP <status>: <API message>} for an error response of the API, such as {@code
   * HTTP 404: models/x is not found}, and the exception class and message for anything else.
   */
  static String describe(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof ApiException) {
      ApiException apiError = (ApiException) cause;
      String message = apiError.message();
      return "HTTP "
          + apiError.code()
          + ": "
          + (message == null || message.isEmpty() ? cause.getMessage() : message);
    }
    String message = cause.getMessage();
    return message == null
        ? cause.getClass().getName()
        : cause.getClass().getName() + ": " + message;
  }

  /** Returns the cause a future wrapped {@code error} in, or {@code error} itself. */
  static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
