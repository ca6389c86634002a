package com.langfuse.agent.it.crac;

/**
 * A test double of {@code jdk.crac.Resource}: an object told about checkpoint and restore.
 *
 * <p>This package mirrors the shape of {@code jdk.crac} so that {@code org.crac} accepts it
 * through {@code -Dorg.crac.Core.Compat=com.langfuse.agent.it.crac}, and the it-tests compile a
 * copy of it as {@code jdk.crac} itself, which is why it uses JDK classes only.
 */
public interface Resource {

  void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

  void afterRestore(Context<? extends Resource> context) throws Exception;
}
