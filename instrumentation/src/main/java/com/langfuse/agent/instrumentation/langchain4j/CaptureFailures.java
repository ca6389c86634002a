package com.langfuse.agent.instrumentation.langchain4j;

import com.langfuse.agent.bootstrap.AgentLog;

/** Logs, rate-limited, that reading part of a LangChain4j call failed. */
final class CaptureFailures {

  private CaptureFailures() {}

  /** Logs the step and the error class only, never a message that may quote prompt content. */
  static void log(String step, Throwable error) {
    AgentLog.rateLimited(
        AgentLog.Level.WARN,
        "langchain4j-capture-" + step,
        "langchain4j instrumentation: "
            + step
            + " failed, so the span lacks those attributes (the application call is unaffected): "
            + error.getClass().getName());
  }
}
