package com.langfuse.agent.bootstrap.bridge;

import com.langfuse.agent.bootstrap.AgentLog;

/**
 * Passes the body of the HTTP request that an SDK builds during a traced call to that call's
 * handler, so the exporter can read the JSON text the SDK serialized instead of serializing the
 * request again.
 *
 * <p>Both methods run on the application thread: the handler registers a listener on method entry,
 * and the hook on the SDK's request builder hands it the first body built after that. {@link
 * CallDepth} drops the listener when the outermost traced call ends.
 */
public final class RequestBodies {

  private RequestBodies() {}

  /**
   * Sends the first request body built on this thread before the current traced call ends to {@code
   * listener}. Does nothing outside a traced call.
   */
  public static void listen(Listener listener) {
    CallDepth.Frame frame = CallDepth.frame();
    if (frame.depth > 0) {
      frame.bodyListener = listener;
    }
  }

  /**
   * Hands {@code body} to the listener of the traced call in progress, if any, and returns {@code
   * body} unchanged. The hook on the SDK's request builder calls it with the body being set.
   */
  public static Object built(Object body) {
    try {
      CallDepth.Frame frame = CallDepth.frame();
      Listener listener = frame.bodyListener;
      if (listener != null && body != null) {
        frame.bodyListener = null;
        listener.onRequestBody(body);
      }
    } catch (Throwable t) {
      // The body goes on to the SDK whatever the listener does, and the exporter serializes the
      // request fields instead.
      AgentLog.rateLimited(
          AgentLog.Level.WARN,
          "request-body-listener",
          "reading the request body of a traced call failed, so its input is serialized again: "
              + t);
    }
    return body;
  }

  /** Receives the request body of one traced call. */
  public interface Listener {

    /**
     * Receives the body object on the application thread, inside the SDK's request builder, so it
     * must return quickly: store the body, and at most read its size.
     */
    void onRequestBody(Object body);
  }
}
