package com.langfuse.agent.it.apps;

import example.readers.Work;
import org.apache.logging.log4j.ThreadContext;
import org.slf4j.MDC;

/**
 * Puts a user id into a logging context before it logs anything, then calls {@link Work#run}, which
 * the tests name in {@code LANGFUSE_TRACE_METHODS}. {@code args[0]} picks the context: {@code mdc}
 * for SLF4J's MDC, {@code thread-context} for Log4j 2's ThreadContext, {@code none} for neither.
 */
public final class MdcFirstApp {

  private MdcFirstApp() {}

  public static void main(String[] args) {
    switch (args[0]) {
      case "mdc" -> MDC.put("userId", "mdc-user");
      case "thread-context" -> ThreadContext.put("userId", "thread-context-user");
      case "none" -> {}
      default -> throw new IllegalArgumentException("unknown context " + args[0]);
    }
    System.out.println(Work.run());
  }
}
