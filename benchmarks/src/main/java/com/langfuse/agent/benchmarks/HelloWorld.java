package com.langfuse.agent.benchmarks;

/** The smallest application, whose start-up time under an agent is mostly the agent's own. */
public final class HelloWorld {

  private HelloWorld() {}

  public static void main(String[] args) {
    System.out.println("Hello, world");
  }
}
