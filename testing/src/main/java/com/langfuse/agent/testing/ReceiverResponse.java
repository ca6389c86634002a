package com.langfuse.agent.testing;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * A canned answer of {@link OtlpReceiver} for fault tests, given in place of its checks: a status
 * with a body and an optional {@code Retry-After}, a hang, or a closed connection. The request is
 * recorded but its spans are not kept.
 */
public final class ReceiverResponse {

  enum Action {
    RESPOND,
    HANG,
    CLOSE_CONNECTION
  }

  private final Action action;
  private final int status;
  private final String body;
  private final Supplier<String> retryAfter;

  private ReceiverResponse(
      Action action, int status, String body, Supplier<String> retryAfter) {
    this.action = action;
    this.status = status;
    this.body = body;
    this.retryAfter = retryAfter;
  }

  /** Returns an answer with {@code status} and a JSON {@code body}, such as 503 or 429. */
  public static ReceiverResponse status(int status, String body) {
    return new ReceiverResponse(Action.RESPOND, status, body, null);
  }

  /** Returns an answer that sends nothing until the receiver closes. */
  public static ReceiverResponse hang() {
    return new ReceiverResponse(Action.HANG, 0, "", null);
  }

  /** Returns an answer that reads the request and closes the connection without a response. */
  public static ReceiverResponse closeConnection() {
    return new ReceiverResponse(Action.CLOSE_CONNECTION, 0, "", null);
  }

  /** Returns a copy that also sends {@code Retry-After} with this value, such as {@code "2"}. */
  public ReceiverResponse withRetryAfter(String value) {
    if (action != Action.RESPOND) {
      throw new IllegalStateException("Retry-After requires a status response, not " + action);
    }
    return new ReceiverResponse(action, status, body, () -> value);
  }

  /**
   * Returns a copy that also sends {@code Retry-After} as an HTTP date {@code delay} after the
   * moment of the answer, so the requested wait does not depend on when the request arrived.
   */
  public ReceiverResponse withRetryAfterDate(Duration delay) {
    if (action != Action.RESPOND) {
      throw new IllegalStateException("Retry-After requires a status response, not " + action);
    }
    return new ReceiverResponse(
        action,
        status,
        body,
        () ->
            DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plus(delay)));
  }

  Action action() {
    return action;
  }

  int status() {
    return status;
  }

  String body() {
    return body;
  }

  /** The {@code Retry-After} value for an answer given now, or null. */
  String retryAfter() {
    return retryAfter == null ? null : retryAfter.get();
  }

  @Override
  public String toString() {
    switch (action) {
      case HANG:
        return "canned hang";
      case CLOSE_CONNECTION:
        return "canned closed connection";
      default:
        return "canned " + status + (retryAfter == null ? "" : " Retry-After " + retryAfter.get());
    }
  }
}
