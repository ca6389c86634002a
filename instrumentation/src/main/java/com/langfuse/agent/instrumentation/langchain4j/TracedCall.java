package com.langfuse.agent.instrumentation.langchain4j;

/** One traced LangChain4j call between method entry and exit. */
interface TracedCall {

  /** Records how the method ended and ends the span, unless a stream is still running. */
  void exit(Object returned, Throwable thrown);
}
