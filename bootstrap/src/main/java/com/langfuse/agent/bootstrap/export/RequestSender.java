package com.langfuse.agent.bootstrap.export;

import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.config.AgentConfig;
import java.util.concurrent.TimeUnit;

/**
 * The retry policy for one request. A retryable result (network error, 408, 429, 5xx) is retried
 * after an exponential backoff with full jitter, or after the server's Retry-After, until {@code
 * LANGFUSE_AGENT_MAX_RETRIES} retries or {@code LANGFUSE_AGENT_MAX_RETRY_TIME} are used up. A
 * rejected request (other 4xx) and rejected credentials (401, 403) are never retried.
 *
 * <p>Counts request attempts in {@link AgentStats}; the caller counts the spans.
 */
final class RequestSender {

  /** The final result of a request. */
  enum Result {
    DELIVERED(null),
    REJECTED(DropReason.REJECTED),
    UNAUTHORIZED(DropReason.UNAUTHORIZED),
    RETRIES_EXHAUSTED(DropReason.RETRIES_EXHAUSTED),
    /** The consumer must stop: the request is neither delivered nor dropped and is kept. */
    STOPPED(null);

    private final DropReason dropReason;

    Result(DropReason dropReason) {
      this.dropReason = dropReason;
    }

    /** The reason to count the request's spans under, or null when they are not dropped. */
    DropReason dropReason() {
      return dropReason;
    }
  }

  /** How the sender waits between attempts; implemented by the consumer thread. */
  interface RetryWaiter {

    /** Whether the consumer must stop before the next attempt. */
    boolean isStopRequested();

    /**
     * Whether the TaskManager abandoned the consumer, which then counts and logs nothing more: a
     * shutdown has already counted its request as unsent.
     */
    boolean isAbandoned();

    /**
     * Waits {@code nanos} before a retry. Returns false, possibly at once, when the consumer must
     * stop instead, for example because the wait would end after a shutdown's deadline.
     */
    boolean awaitRetry(long nanos);
  }

  private final AgentStats stats;
  private final RetryBackoff backoff;
  private final int maxRetries;
  private final long maxRetryMillis;
  private final String baseUrl;

  RequestSender(AgentConfig config, AgentStats stats, RetryBackoff backoff) {
    this.stats = stats;
    this.backoff = backoff;
    this.maxRetries = config.maxRetries();
    this.maxRetryMillis = config.maxRetryMillis();
    this.baseUrl = config.baseUrl();
  }

  /** Sends {@code request} with {@code exporter}, retrying as the policy allows. */
  Result send(SpanExporter exporter, ExportRequest request, RetryWaiter waiter) {
    long startNanos = System.nanoTime();
    int retries = 0;
    while (true) {
      if (waiter.isStopRequested()) {
        return Result.STOPPED;
      }
      SendResult result = sendOnce(exporter, request);
      if (waiter.isAbandoned()) {
        return Result.STOPPED;
      }
      switch (result.outcome()) {
        case SUCCESS:
          stats.recordRequestSent();
          return Result.DELIVERED;
        case REJECTED:
          stats.recordRequestFailed();
          logRejected(request, result);
          return Result.REJECTED;
        case UNAUTHORIZED:
          stats.recordRequestFailed();
          logUnauthorized(request, result);
          return Result.UNAUTHORIZED;
        default:
          stats.recordRequestFailed();
          break;
      }

      long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
      String exhausted = exhaustedBecause(result, retries, maxRetryMillis - elapsedMillis);
      if (exhausted != null) {
        logExhausted(request, result, retries + 1, elapsedMillis, exhausted);
        return Result.RETRIES_EXHAUSTED;
      }
      long delayMillis = retryDelayMillis(result, retries, maxRetryMillis - elapsedMillis);
      retries++;
      AgentLog.rateLimited(
          AgentLog.Level.WARN,
          "export-retry",
          "sending "
              + spans(request.spanCount())
              + " failed with "
              + describe(result)
              + "; retry "
              + retries
              + " of "
              + maxRetries
              + " in "
              + delayMillis
              + " ms");
      if (!waiter.awaitRetry(TimeUnit.MILLISECONDS.toNanos(delayMillis))) {
        return Result.STOPPED;
      }
      stats.recordRetry();
    }
  }

  /**
   * Returns why a failed request may not be retried, or null when it may: no retries are left,
   * the time budget is spent, or the server's Retry-After ends after the budget.
   */
  private String exhaustedBecause(SendResult result, int retries, long budgetMillis) {
    if (retries >= maxRetries) {
      return "no retries are left (LANGFUSE_AGENT_MAX_RETRIES=" + maxRetries + ")";
    }
    if (budgetMillis <= 0) {
      return "the retry time is used up (LANGFUSE_AGENT_MAX_RETRY_TIME=" + retryTime() + ")";
    }
    if (result.retryAfterMillis() > budgetMillis) {
      return "the server asked to wait "
          + result.retryAfterMillis()
          + " ms, past the retry time (LANGFUSE_AGENT_MAX_RETRY_TIME="
          + retryTime()
          + ")";
    }
    return null;
  }

  /** Returns the wait before the next retry: the server's Retry-After, or else the backoff. */
  private long retryDelayMillis(SendResult result, int retries, long budgetMillis) {
    if (result.retryAfterMillis() >= 0) {
      return result.retryAfterMillis();
    }
    return Math.min(backoff.delayMillis(retries), budgetMillis);
  }

  private static SendResult sendOnce(SpanExporter exporter, ExportRequest request) {
    SendResult result;
    try {
      result = exporter.send(request);
    } catch (RuntimeException e) {
      return SendResult.retryable(0, -1, "the span exporter threw " + e);
    }
    return result != null
        ? result
        : SendResult.retryable(0, -1, "the span exporter returned no result");
  }

  private void logRejected(ExportRequest request, SendResult result) {
    AgentLog.rateLimited(
        AgentLog.Level.WARN,
        "export-rejected",
        "Langfuse rejected a request with "
            + describe(result)
            + ", so "
            + spans(request.spanCount())
            + " were dropped ("
            + DropReason.REJECTED.label()
            + ") without a retry");
  }

  private void logUnauthorized(ExportRequest request, SendResult result) {
    AgentLog.rateLimited(
        AgentLog.Level.ERROR,
        "export-unauthorized",
        "Langfuse refused the credentials with "
            + describe(result)
            + ", so "
            + spans(request.spanCount())
            + " were dropped ("
            + DropReason.UNAUTHORIZED.label()
            + "): check LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY and the region in"
            + " LANGFUSE_BASE_URL (now "
            + baseUrl
            + ")");
  }

  private void logExhausted(
      ExportRequest request, SendResult result, int attempts, long elapsedMillis, String why) {
    AgentLog.rateLimited(
        AgentLog.Level.WARN,
        "export-retries-exhausted",
        "dropped "
            + spans(request.spanCount())
            + " ("
            + DropReason.RETRIES_EXHAUSTED.label()
            + ") after "
            + attempts
            + (attempts == 1 ? " attempt" : " attempts")
            + " in "
            + elapsedMillis
            + " ms because "
            + why
            + "; the last attempt failed with "
            + describe(result)
            + ". Check that "
            + baseUrl
            + " is reachable");
  }

  private String retryTime() {
    return maxRetryMillis / 1000.0 + " s";
  }

  private static String spans(int count) {
    return count == 1 ? "1 span" : count + " spans";
  }

  private static String describe(SendResult result) {
    String status = result.httpStatus() > 0 ? "HTTP " + result.httpStatus() : "a network error";
    return result.message() == null ? status : status + ": " + result.message();
  }
}
