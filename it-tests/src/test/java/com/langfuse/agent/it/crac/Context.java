package com.langfuse.agent.it.crac;

/** A test double of {@code jdk.crac.Context}: a group of resources notified together. */
public abstract class Context<R extends Resource> implements Resource {

  protected Context() {}

  /** Adds {@code resource} through a weak reference, as every real implementation does. */
  public abstract void register(R resource);
}
