package com.langfuse.agent.instrumentation.bedrock;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Status messages for failed calls, as Langfuse shows them on the generation. */
final class ErrorDescriptions {

  private ErrorDescriptions() {}

  /**
   * Returns {@code HTTP <status> <error code>: <service message>} for an error response of the
   * service, such as {@code HTTP 429 ThrottlingException: Too many requests, please wait before
   * trying again.}, and the exception class and message for anything else.
   */
  static String describe(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof AwsServiceException) {
      AwsServiceException serviceError = (AwsServiceException) cause;
      AwsErrorDetails details = serviceError.awsErrorDetails();
      String code = details == null ? null : details.errorCode();
      String message = details == null ? null : details.errorMessage();
      StringBuilder description = new StringBuilder("HTTP ").append(serviceError.statusCode());
      if (code != null && !code.isEmpty()) {
        description.append(' ').append(code);
      }
      return description
          .append(": ")
          .append(message != null ? message : String.valueOf(serviceError.getMessage()))
          .toString();
    }
    String message = cause.getMessage();
    return message == null
        ? cause.getClass().getName()
        : cause.getClass().getName() + ": " + message;
  }

  /** Returns the cause inside the wrappers a future's failure comes in. */
  static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
