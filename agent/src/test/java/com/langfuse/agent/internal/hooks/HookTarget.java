package com.langfuse.agent.internal.hooks;

/** A class that HookWeaverTest weaves and loads in a class loader of its own. */
public class HookTarget {

  /** Not a compile-time constant, so the static initializer sets it. */
  private static final String GREETING = String.join("", "hel", "lo");

  public String greet(String name) {
    return GREETING + " " + name;
  }

  public static String echo(String text) {
    return text;
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

  public void handle(Object request, int code) {
    if (code < 0) {
      throw new IllegalArgumentException("negative code " + code);
    }
  }

  public String callSecret(String text) {
    return secret(text);
  }

  private String secret(String text) {
    return "secret " + text;
  }
}
