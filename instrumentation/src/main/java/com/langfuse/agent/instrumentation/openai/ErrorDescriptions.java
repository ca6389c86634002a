package com.langfuse.agent.instrumentation.openai;

import com.openai.core.JsonField;
import com.openai.core.JsonValue;
import com.openai.errors.OpenAIServiceException;
import java.util.Map;

/** Status messages for failed calls, as Langfuse shows them on the generation. */
final class ErrorDescriptions {

  private ErrorDescriptions() {}

  /**
   * Returns {@code HTTP <status>: <provider message>} for an error response of the API, and the
   * exception class and message for anything else.
   */
  static String describe(Throwable error) {
    Throwable cause = OpenAiCallHandler.unwrap(error);
    if (cause instanceof OpenAIServiceException) {
      OpenAIServiceException serviceError = (OpenAIServiceException) cause;
      String message = providerMessage(serviceError);
      return "HTTP "
          + serviceError.statusCode()
          + ": "
          + (message != null ? message : cause.getMessage());
    }
    String message = cause.getMessage();
    return message == null
        ? cause.getClass().getName()
        : cause.getClass().getName() + ": " + message;
  }

  /** The {@code message} of the error object the SDK parsed from the body, or null. */
  private static String providerMessage(OpenAIServiceException error) {
    try {
      // JsonValue extends the raw JsonField type; through a wildcard its accessors keep their
      // types.
      JsonField<?> body = error.body();
      Map<String, JsonValue> fields = body.asObject().orElse(null);
      JsonField<?> message = fields == null ? null : fields.get("message");
      return message == null ? null : message.asString().orElse(null);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
