package com.langfuse.agent.bootstrap.export;

/** The outcome of one HTTP attempt, classified for the retry policy. */
public final class SendResult {

  /** What the TaskManager should do next with the request. */
  public enum Outcome {
    /** 2xx: the spans are delivered. */
    SUCCESS,
    /** Network error, timeout, 408, 429 or 5xx: try again after a backoff. */
    RETRYABLE,
    /** 400, 413, 422 or another 4xx: never retried, the spans are dropped. */
    REJECTED,
    /** 401 or 403: the credentials are wrong or ingestion is suspended; not retried. */
    UNAUTHORIZED
  }

  private static final SendResult SUCCESS = new SendResult(Outcome.SUCCESS, 200, -1, null);

  private final Outcome outcome;
  private final int httpStatus;
  private final long retryAfterMillis;
  private final String message;

  private SendResult(Outcome outcome, int httpStatus, long retryAfterMillis, String message) {
    this.outcome = outcome;
    this.httpStatus = httpStatus;
    this.retryAfterMillis = retryAfterMillis;
    this.message = message;
  }

  public static SendResult success() {
    return SUCCESS;
  }

  /**
   * A result to retry. {@code httpStatus} is 0 for a network error; {@code retryAfterMillis} is
   * the server's Retry-After in milliseconds, or -1 when it sent none.
   */
  public static SendResult retryable(int httpStatus, long retryAfterMillis, String message) {
    return new SendResult(Outcome.RETRYABLE, httpStatus, retryAfterMillis, message);
  }

  public static SendResult rejected(int httpStatus, String message) {
    return new SendResult(Outcome.REJECTED, httpStatus, -1, message);
  }

  public static SendResult unauthorized(int httpStatus, String message) {
    return new SendResult(Outcome.UNAUTHORIZED, httpStatus, -1, message);
  }

  public Outcome outcome() {
    return outcome;
  }

  /** The HTTP status, or 0 when no response arrived. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The server's Retry-After in milliseconds, or -1. */
  public long retryAfterMillis() {
    return retryAfterMillis;
  }

  /** The server's message or the network error, safe to log: it never contains credentials. */
  public String message() {
    return message;
  }

  @Override
  public String toString() {
    return outcome + (httpStatus > 0 ? " HTTP " + httpStatus : "") + (message == null ? "" : ": " + message);
  }
}
