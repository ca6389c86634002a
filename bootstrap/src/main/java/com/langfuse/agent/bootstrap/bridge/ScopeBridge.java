package com.langfuse.agent.bootstrap.bridge;

import com.langfuse.agent.bootstrap.AgentLog;

/**
 * The entry points of advice that opens a span around application code (an inbound request, a
 * method named in {@code LANGFUSE_TRACE_METHODS}) instead of an LLM call.
 *
 * <p>Unlike {@link Bridge}, it leaves {@link CallDepth} alone, because LLM calls made inside such a
 * span must still be traced. The handler is found for the class loader of {@code type}, and no
 * exception of the agent reaches the application.
 */
public final class ScopeBridge {

  private ScopeBridge() {}

  /**
   * Called on method entry. Returns the state to pass to {@link #exit}, or null when the call is
   * not traced; never throws.
   */
  public static Object enter(
      String handlerName, int operation, Class<?> type, Object self, Object arguments) {
    if (type == null) {
      return null;
    }
    try {
      CallHandler handler = Bridge.handler(handlerName, type);
      Object state = handler.onEnter(operation, self, arguments);
      return state == null ? null : new Scope(handler, state);
    } catch (Throwable t) {
      AgentLog.rateLimited(
          AgentLog.Level.WARN,
          "enter-" + handlerName,
          "instrumentation " + handlerName + " failed on method entry, call left untraced: " + t);
      return null;
    }
  }

  /** Called on method exit, normal or exceptional; never throws. */
  public static void exit(Object state, int operation, Object returned, Throwable thrown) {
    if (!(state instanceof Scope)) {
      return;
    }
    Scope scope = (Scope) state;
    try {
      scope.handler.onExit(scope.state, operation, returned, thrown);
    } catch (Throwable t) {
      AgentLog.rateLimited(
          AgentLog.Level.WARN,
          "exit-" + scope.handler.getClass().getName(),
          "instrumentation " + scope.handler.getClass().getName() + " failed on method exit: " + t);
    }
  }

  /**
   * Called on method exit like {@link #exit}, by advice that lets the handler replace the return
   * value. Returns the value the method should return: {@code returned} unless the handler wraps
   * it; never throws.
   */
  public static Object exitReturning(
      Object state, int operation, Object returned, Throwable thrown) {
    if (!(state instanceof Scope)) {
      return returned;
    }
    Scope scope = (Scope) state;
    try {
      return scope.handler.onExit(scope.state, operation, returned, thrown);
    } catch (Throwable t) {
      AgentLog.rateLimited(
          AgentLog.Level.WARN,
          "exit-" + scope.handler.getClass().getName(),
          "instrumentation " + scope.handler.getClass().getName() + " failed on method exit: " + t);
      return returned;
    }
  }

  /** A traced call in progress and its handler. */
  private static final class Scope {
    final CallHandler handler;
    final Object state;

    Scope(CallHandler handler, Object state) {
      this.handler = handler;
      this.state = state;
    }
  }
}
