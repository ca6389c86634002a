package com.langfuse.agent.bootstrap.bridge;

/**
 * The plain-Java side of one instrumentation, called by its advice through {@link Bridge}.
 *
 * <p>Implementations are compiled against the instrumented library and loaded by a {@link
 * HelperClassLoader} whose parent is the library's class loader, so they use the library's types
 * directly. Both methods run on the application thread: they must be cheap, must not block on the
 * network, and may throw only because of a bug, which the bridge catches and logs.
 */
public interface CallHandler {

  /**
   * Starts an observation for a call of {@code operation} on {@code self} with {@code request},
   * and returns the state that {@link #onExit} receives, or null to leave the call untraced.
   */
  Object onEnter(int operation, Object self, Object request);

  /**
   * Ends or hands over the observation when the call returns or throws. Returns the value the
   * call returns to the application: {@code returned} itself, or a wrapper of the same declared
   * type that observes a stream or a lazily parsed response and delegates every call to it.
   */
  Object onExit(Object state, int operation, Object returned, Throwable thrown);
}
