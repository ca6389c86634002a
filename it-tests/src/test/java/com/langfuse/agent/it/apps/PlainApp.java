package com.langfuse.agent.it.apps;

/** An application that loads no instrumented library: it prints one line and exits. */
public final class PlainApp {

  private PlainApp() {}

  public static void main(String[] args) {
    System.out.println("plain app done");
  }
}
