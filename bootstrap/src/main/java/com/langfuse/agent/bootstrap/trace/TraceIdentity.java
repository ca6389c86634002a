package com.langfuse.agent.bootstrap.trace;

/**
 * The user id and session id of a trace, as the span attributes {@link
 * LangfuseAttributes#USER_ID} and {@link LangfuseAttributes#SESSION_ID}.
 *
 * <p>Each source sets a value only where the span has none yet, so the source that runs first
 * wins: the logging context when the span starts, then the parent span, then the inbound request
 * headers of a request span, or the baggage inherited from the parent process for a span that
 * starts under that process's remote parent. Values come from the application or from the
 * client of a request, so they are trimmed and capped at {@link #MAX_ID_CHARS} chars, and the
 * agent never logs them.
 *
 * <p>NOTE: the ids are fixed when each span starts. An MDC value that the application sets after
 * its request span started reaches only the spans started later on that thread, so the request
 * span then has another user id than those spans, or none.
 */
public final class TraceIdentity {

  /**
   * The maximum length of an exported user or session id, in UTF-16 chars. The cap bounds what a
   * request header can add to every span of its trace, and it is well above the length of a UUID
   * or a typical e-mail address.
   */
  public static final int MAX_ID_CHARS = 200;

  private TraceIdentity() {}

  /** Returns {@code value} trimmed and capped, or null when it is null or blank. */
  public static String normalize(String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.trim();
    if (trimmed.isEmpty()) {
      return null;
    }
    if (trimmed.length() <= MAX_ID_CHARS) {
      return trimmed;
    }
    // The cut must not split a surrogate pair, which would leave half a character.
    int end = MAX_ID_CHARS;
    if (Character.isHighSurrogate(trimmed.charAt(end - 1))) {
      end--;
    }
    return trimmed.substring(0, end);
  }

  /**
   * Sets the user id and session id on {@code span} where it has none. A null or blank value
   * sets nothing.
   */
  public static void setIfAbsent(SpanData span, String userId, String sessionId) {
    setAttributeIfAbsent(span, LangfuseAttributes.USER_ID, userId);
    setAttributeIfAbsent(span, LangfuseAttributes.SESSION_ID, sessionId);
  }

  /**
   * Copies the user id and session id of {@code parent} to {@code span} where it has none, so
   * that spans on other threads, whose logging context is not the request's, keep the trace's
   * ids.
   */
  public static void inherit(SpanData span, SpanData parent) {
    String userId = text(parent.attribute(LangfuseAttributes.USER_ID));
    String sessionId = text(parent.attribute(LangfuseAttributes.SESSION_ID));
    setIfAbsent(span, userId, sessionId);
  }

  private static String text(Object value) {
    return value instanceof String ? (String) value : null;
  }

  private static void setAttributeIfAbsent(SpanData span, String key, String value) {
    String normalized = normalize(value);
    if (normalized != null && span.attribute(key) == null) {
      span.setAttribute(key, normalized);
    }
  }
}
