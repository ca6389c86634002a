package com.langfuse.agent.internal.hooks;

/** An abstract class with a concrete method, which hooks on a class name pattern leave alone. */
public abstract class AbstractHookTarget {

  public String greet(String name) {
    return "hi " + name;
  }

  public abstract void run(Runnable task);
}
