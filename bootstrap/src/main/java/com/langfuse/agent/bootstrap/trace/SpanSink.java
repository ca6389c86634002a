package com.langfuse.agent.bootstrap.trace;

/** Receives each span once, when it ends. Implementations must never block the caller. */
public interface SpanSink {

  /** A sink that discards spans; installed until the agent has started its exporter. */
  SpanSink DISCARD = span -> {};

  void accept(SpanData span);
}
