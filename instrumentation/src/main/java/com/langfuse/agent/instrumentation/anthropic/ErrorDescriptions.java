package com.langfuse.agent.instrumentation.anthropic;

import com.anthropic.core.JsonField;
import com.anthropic.core.JsonValue;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.SseException;
import java.util.Map;

/** Status messages for failed calls, as Langfuse shows them on the generation. */
final class ErrorDescriptions {

  private ErrorDescriptions() {}

  /**
   * Returns {@code HTTP <status>: <provider message>} for an error response of the API, {@code
   * stream error event: <provider message>} for an {@code error} event inside a stream that began
   * with status 200, and the exception class and message for anything else.
   */
  static String describe(Throwable error) {
    Throwable cause = AnthropicCallHandler.unwrap(error);
    if (cause instanceof SseException) {
      String message = providerMessage((SseException) cause);
      return "stream error event: " + (message != null ? message : cause.getMessage());
    }
    if (cause instanceof AnthropicServiceException) {
      AnthropicServiceException serviceError = (AnthropicServiceException) cause;
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

  /**
   * Returns the {@code error.message} of the error body the SDK parsed, such as {@code {"type":
   * "error", "error": {"type": "not_found_error", "message": "model: x"}}}, or null.
   */
  private static String providerMessage(AnthropicServiceException error) {
    try {
      // JsonValue extends the raw JsonField type; through a wildcard its accessors keep their
      // types.
      JsonField<?> body = error.body();
      Map<String, JsonValue> fields = body.asObject().orElse(null);
      JsonField<?> detail = fields == null ? null : fields.get("error");
      Map<String, JsonValue> detailFields = detail == null ? null : detail.asObject().orElse(null);
      JsonField<?> message = detailFields == null ? null : detailFields.get("message");
      return message == null ? null : message.asString().orElse(null);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
