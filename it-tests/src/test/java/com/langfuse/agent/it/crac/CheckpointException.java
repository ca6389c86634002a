package com.langfuse.agent.it.crac;

/** A failed checkpoint; the causes are the suppressed exceptions. */
public class CheckpointException extends Exception {

  private static final long serialVersionUID = 1L;

  public CheckpointException() {
    super("checkpoint failed");
  }
}
