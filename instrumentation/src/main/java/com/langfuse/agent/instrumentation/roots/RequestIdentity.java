package com.langfuse.agent.instrumentation.roots;

import com.langfuse.agent.bootstrap.AgentRuntime;
import com.langfuse.agent.bootstrap.config.AgentConfig;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.TraceIdentity;
import java.util.function.Function;

/**
 * Sets a request span's user id and session id from inbound HTTP request headers, the ones named
 * by {@code LANGFUSE_HTTP_USER_ID_HEADER} and {@code LANGFUSE_HTTP_SESSION_ID_HEADER}. A value the
 * span already has, from the logging context or its parent, is kept. Spans started under the
 * request span inherit the ids from it.
 *
 * <p>Any inbound server root calls {@link #fromHeaders} right after starting its span, with an
 * accessor for its own request type: {@code HttpServletRequest::getHeader} for the Servlet API,
 * {@code request.getHeaders()::getFirst} for Spring WebFlux.
 */
public final class RequestIdentity {

  private RequestIdentity() {}

  /**
   * Reads the configured headers through {@code header}, which returns the first value of a
   * header by case-insensitive name or null, and sets them on {@code span} where it has no value.
   * Reads nothing when no header is configured.
   */
  public static void fromHeaders(SpanData span, Function<String, String> header) {
    AgentConfig config = AgentRuntime.config();
    if (config == null) {
      return;
    }
    fromHeaders(span, header, config.httpUserIdHeader(), config.httpSessionIdHeader());
  }

  /** Same as {@link #fromHeaders(SpanData, Function)} with the header names given; for tests. */
  static void fromHeaders(
      SpanData span, Function<String, String> header, String userIdHeader, String sessionIdHeader) {
    if (!span.isSampled() || (userIdHeader == null && sessionIdHeader == null)) {
      return;
    }
    String userId = userIdHeader == null ? null : header.apply(userIdHeader);
    String sessionId = sessionIdHeader == null ? null : header.apply(sessionIdHeader);
    TraceIdentity.setIfAbsent(span, userId, sessionId);
  }
}
