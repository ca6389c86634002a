package com.langfuse.agent.testing;

/** A check of {@link OtlpReceiver} that failed, with the status and message sent back. */
final class IngestionRejection extends Exception {

  private static final long serialVersionUID = 1L;

  private final int status;

  IngestionRejection(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}
