package com.langfuse.agent.internal.exporter;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP response as the exporter needs it: the status, the header fields (the first value of
 * each name, looked up without regard to case) and the start of the body.
 */
final class HttpResponse {

  private final int status;
  private final String reason;
  private final Map<String, String> headers;
  private final byte[] bodyStart;

  /** {@code headers} must have lowercase names. */
  HttpResponse(int status, String reason, Map<String, String> headers, byte[] bodyStart) {
    this.status = status;
    this.reason = reason;
    this.headers = headers;
    this.bodyStart = bodyStart;
  }

  int status() {
    return status;
  }

  /** Returns the reason phrase of the status line, which may be empty. */
  String reason() {
    return reason;
  }

  /** Returns the first value of the header field {@code name}, or null when it is absent. */
  String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** Returns the first {@link HttpConnection#MAX_KEPT_BODY_BYTES} bytes of the body as UTF-8. */
  String bodyText() {
    return new String(bodyStart, StandardCharsets.UTF_8);
  }
}
