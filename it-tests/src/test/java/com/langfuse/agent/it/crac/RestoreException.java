package com.langfuse.agent.it.crac;

/** A failed restore; the causes are the suppressed exceptions. */
public class RestoreException extends Exception {

  private static final long serialVersionUID = 1L;

  public RestoreException() {
    super("restore failed");
  }
}
