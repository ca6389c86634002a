package com.langfuse.agent.demo;

import java.lang.instrument.Instrumentation;

/** A {@code -javaagent} that does nothing, standing in for the agent jar in launcher tests. */
public final class NoOpAgent {

  private NoOpAgent() {}

  public static void premain(String arguments, Instrumentation instrumentation) {}
}
