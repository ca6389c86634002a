package com.langfuse.agent.bootstrap.export;

/** Why a span was not delivered. Every drop is counted under exactly one reason. */
public enum DropReason {
  /** The queue already held its maximum number of spans. */
  QUEUE_FULL("queue_full"),
  /** Queued spans already used the queue's byte budget. */
  QUEUE_BYTES_FULL("queue_bytes_full"),
  /** One span alone encodes larger than the maximum request size. */
  TOO_LARGE("too_large"),
  /** The span could not be encoded. */
  ENCODING_FAILED("encoding_failed"),
  /** The server rejected the request as invalid (HTTP 400, 413, 422 and other 4xx). */
  REJECTED("rejected"),
  /** The server rejected the credentials (HTTP 401 or 403). */
  UNAUTHORIZED("unauthorized"),
  /** Retries were exhausted by count or time on network errors, 429 or 5xx. */
  RETRIES_EXHAUSTED("retries_exhausted"),
  /** The exporter threw unexpectedly (a bug or a broken class path); the batch in hand is lost. */
  EXPORTER_FAILED("exporter_failed"),
  /** The span ended after the agent had shut down. */
  AFTER_SHUTDOWN("after_shutdown"),
  /** The span was still queued or in flight when the shutdown timeout ran out. */
  SHUTDOWN_TIMEOUT("shutdown_timeout"),
  /** The span's trace waited for an LLM call and already held as many spans as it may. */
  TRACE_BUFFER_FULL("trace_buffer_full");

  private final String label;

  DropReason(String label) {
    this.label = label;
  }

  /** The lowercase name used in log lines and reports. */
  public String label() {
    return label;
  }
}
