package com.langfuse.agent.internal.hooks;

/** A class that HookWeaverTest weaves and loads in a class loader of its own. */
public class HookTarget {

  public String greet(String name) {
    return "hello " + name;
  }

  public String fail(String reason) {
    throw new IllegalStateException(reason);
  }

  public String describe(long count, int step, String label) {
    return label + ":" + (count + step);
  }

  public void run(Runnable task) {
    task.run();
  }

  public synchronized void record(StringBuilder sink) {
    sink.append("recorded");
  }
}
