package com.langfuse.agent.internal.lifecycle.fake;

/** A CRaC-shaped Resource for unit tests: the shape the agent registers through reflection. */
public interface Resource {

  void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

  void afterRestore(Context<? extends Resource> context) throws Exception;
}
