package com.langfuse.agent.instrumentation.anthropic;

/**
 * Reads the stream events of one SDK flavour ({@code RawMessageStreamEvent} or {@code
 * BetaRawMessageStreamEvent}) and reports what each carries to a {@link MessageStreamAccumulator}.
 */
interface StreamEvents<E> {

  void dispatch(E event, MessageStreamAccumulator<E> into);
}
