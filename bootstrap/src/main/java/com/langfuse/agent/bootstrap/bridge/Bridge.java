package com.langfuse.agent.bootstrap.bridge;

import com.langfuse.agent.bootstrap.AgentLog;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The entry points that advice calls. Advice passes the name of its {@link CallHandler}
 * implementation; the bridge finds or creates that handler for the class loader of the
 * instrumented type, counts nesting with {@link CallDepth}, and never lets an exception of the
 * agent reach the application.
 */
public final class Bridge {

  /** State returned by {@link #enter} for a call nested in another traced call. */
  private static final Object NESTED = new Object();

  private static final Map<String, ClassValue<CallHandler>> HANDLERS = new ConcurrentHashMap<>();
  private static final Map<ClassLoader, WeakReference<HelperClassLoader>> HELPER_LOADERS =
      new WeakHashMap<>();

  private Bridge() {}

  /**
   * Called on method entry. Returns a state object that must be passed to {@link #exit}; never
   * null once the depth was incremented, and never throws.
   */
  public static Object enter(String handlerName, int operation, Object self, Object request) {
    int depth;
    try {
      depth = CallDepth.increment();
    } catch (Throwable t) {
      return null;
    }
    if (depth > 0 || self == null) {
      return NESTED;
    }
    try {
      CallHandler handler = handler(handlerName, self.getClass());
      Object state = handler.onEnter(operation, self, request);
      return state == null ? NESTED : new Call(handler, state);
    } catch (Throwable t) {
      AgentLog.rateLimited(
          AgentLog.Level.WARN,
          "enter-" + handlerName,
          "instrumentation " + handlerName + " failed on method entry, call left untraced: " + t);
      return NESTED;
    }
  }

  /**
   * Called on method exit, normal or exceptional. Returns the value the method should return:
   * {@code returned} unless the handler wraps it.
   */
  public static Object exit(Object state, int operation, Object returned, Throwable thrown) {
    if (state == null) {
      return returned;
    }
    CallDepth.decrement();
    if (!(state instanceof Call)) {
      return returned;
    }
    Call call = (Call) state;
    try {
      return call.handler.onExit(call.state, operation, returned, thrown);
    } catch (Throwable t) {
      AgentLog.rateLimited(
          AgentLog.Level.WARN,
          "exit-" + call.handler.getClass().getName(),
          "instrumentation " + call.handler.getClass().getName() + " failed on method exit: " + t);
      return returned;
    }
  }

  /** Returns the handler for instrumented classes of {@code type}'s class loader. */
  static CallHandler handler(String handlerName, Class<?> type) {
    return HANDLERS.computeIfAbsent(handlerName, HandlerValue::new).get(type);
  }

  private static HelperClassLoader helperLoader(ClassLoader parent) {
    synchronized (HELPER_LOADERS) {
      WeakReference<HelperClassLoader> ref = HELPER_LOADERS.get(parent);
      HelperClassLoader loader = ref == null ? null : ref.get();
      if (loader == null) {
        loader = new HelperClassLoader(parent);
        HELPER_LOADERS.put(parent, new WeakReference<>(loader));
      }
      return loader;
    }
  }

  /** A call in progress and the handler that traces it. */
  private static final class Call {
    final CallHandler handler;
    final Object state;

    Call(CallHandler handler, Object state) {
      this.handler = handler;
      this.state = state;
    }
  }

  /** Creates one handler per instrumented class, sharing a helper loader per class loader. */
  private static final class HandlerValue extends ClassValue<CallHandler> {
    private final String handlerName;

    HandlerValue(String handlerName) {
      this.handlerName = handlerName;
    }

    @Override
    protected CallHandler computeValue(Class<?> type) {
      ClassLoader parent = type.getClassLoader();
      try {
        ClassLoader loader =
            AgentJar.location() == null && parent != null ? parent : helperLoader(parent);
        Class<?> handlerClass = Class.forName(handlerName, true, loader);
        return (CallHandler) handlerClass.getDeclaredConstructor().newInstance();
      } catch (Throwable t) {
        AgentLog.debug(
            "instrumentation "
                + handlerName
                + " is off for "
                + type.getName()
                + ": its helper could not be linked against this library version",
            t);
        return NoopHandler.INSTANCE;
      }
    }
  }

  /** Leaves every call untraced; used when a helper does not link against the library. */
  private enum NoopHandler implements CallHandler {
    INSTANCE;

    @Override
    public Object onEnter(int operation, Object self, Object request) {
      return null;
    }

    @Override
    public Object onExit(Object state, int operation, Object returned, Throwable thrown) {
      return returned;
    }
  }
}
