package com.langfuse.agent.instrumentation.genai;

import com.langfuse.agent.bootstrap.trace.SpanData;

/** One traced API of a library: how to read its response and its stream. */
public interface GenAiApi {

  /** A short name for log lines, such as {@code chat completion}. */
  String displayName();

  /** Sets the response attributes of {@code response} on {@code span}; may throw. */
  void recordResponse(SpanData span, Object response);

  /** A new accumulator for one streamed response of this API. */
  StreamAccumulator<?> newStreamAccumulator();
}
