package com.langfuse.agent.it.apps;

import java.lang.instrument.Instrumentation;

/** A Java agent that only prints its options, for tests that put a second agent beside ours. */
public final class IdleAgent {

  private IdleAgent() {}

  public static void premain(String options, Instrumentation instrumentation) {
    System.out.println("idle agent premain: " + options);
  }

  /** Called as the {@code Launcher-Agent-Class} of an executable jar, before its main class. */
  public static void agentmain(String options, Instrumentation instrumentation) {
    System.out.println("idle agent agentmain");
  }
}
