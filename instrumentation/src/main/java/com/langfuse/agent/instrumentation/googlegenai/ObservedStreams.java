package com.langfuse.agent.instrumentation.googlegenai;

import com.google.genai.types.GenerateContentResponse;
import com.langfuse.agent.instrumentation.genai.StreamObservation;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The observation of each {@code ResponseStream} that a traced call returned, found again when the
 * application iterates or closes the stream.
 *
 * <p>The SDK's {@code ResponseStream} is a class whose package-private state the SDK's chat and
 * continuation code use, so the agent cannot hand the application a wrapper in its place. The
 * stream itself is returned unchanged and its {@code iterator()} and {@code close()} are
 * instrumented instead. The map references streams weakly, by identity because {@code
 * ResponseStream} does not override {@code equals}, and the observation ends the span of a stream
 * that is garbage collected unfinished.
 */
final class ObservedStreams {

  private static final Map<Object, StreamObservation<GenerateContentResponse>> OBSERVATIONS =
      new WeakHashMap<>();

  private ObservedStreams() {}

  static void register(Object stream, StreamObservation<GenerateContentResponse> observation) {
    observation.watch(stream);
    synchronized (OBSERVATIONS) {
      OBSERVATIONS.put(stream, observation);
    }
  }

  /** Returns the observation of {@code stream}, or null when no traced call returned it. */
  static StreamObservation<GenerateContentResponse> find(Object stream) {
    synchronized (OBSERVATIONS) {
      return OBSERVATIONS.get(stream);
    }
  }
}
