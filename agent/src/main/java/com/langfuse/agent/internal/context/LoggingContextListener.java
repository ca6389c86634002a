package com.langfuse.agent.internal.context;

import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.SpanStartListener;
import com.langfuse.agent.bootstrap.trace.TraceIdentity;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Sets the trace's user id and session id on each span from the logging context of the thread that
 * starts it: SLF4J's {@code MDC}, then Log4j 2's {@code ThreadContext}, under configurable keys
 * ({@code LANGFUSE_MDC_USER_ID_KEY}, {@code LANGFUSE_MDC_SESSION_ID_KEY}). The values are trimmed
 * and capped as {@link TraceIdentity} describes, and take precedence over the parent's ids and a
 * request's headers, because this listener runs first.
 *
 * <p>Both classes live in the application's class loader, which the agent cannot see, so they are
 * found through the thread's context class loader (the system class loader when it has none). Each
 * loader is looked up once: the classes found are kept in a weak map, as weak references, so an
 * undeployed web application's loader can still be collected. Their {@code get(String)} methods are
 * kept as method handles in a {@link ClassValue}, which lives and dies with the class.
 *
 * <p>The agent must not start a logging library that the application has not started. Calling
 * {@code get} initializes the class, and SLF4J and Log4j then look for their providers and print a
 * notice when they find none. So a context class is read only once it is initialized, which the
 * application does when it puts a value there. Before that the context is empty anyway. The MDC
 * also needs its adapter bound, or else SLF4J's {@code LoggerFactory} started: from SLF4J 2.0.17
 * the MDC binds its adapter on first use by starting SLF4J, and log4j-to-slf4j can initialize the
 * MDC before that. SLF4J 1.7 binds the adapter as the MDC initializes, without {@code
 * LoggerFactory}, so an application may put MDC values before it first logs.
 *
 * <p>Both checks read private static fields of SLF4J. Where SLF4J is a named module, as on the
 * module path, its package is first opened to the agent's module alone.
 */
public final class LoggingContextListener implements SpanStartListener {

  static final String SLF4J_MDC = "org.slf4j.MDC";
  static final String SLF4J_LOGGER_FACTORY = "org.slf4j.LoggerFactory";
  static final String LOG4J_THREAD_CONTEXT = "org.apache.logging.log4j.ThreadContext";

  /**
   * The static {@code INITIALIZATION_STATE} field of SLF4J's {@code LoggerFactory} (1.7 and 2.x),
   * which is 0 until the application first uses SLF4J, or null when it cannot be read.
   */
  private static final ClassValue<Field> SLF4J_STATE =
      new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> type) {
          try {
            Field field = type.getDeclaredField("INITIALIZATION_STATE");
            field.setAccessible(true);
            return field;
          } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
          }
        }
      };

  /**
   * The static field of SLF4J's {@code MDC} that contains its adapter: {@code MDC_ADAPTER} in
   * 2.0.17, which binds it on first use, and {@code mdcAdapter} in 1.7.36, 2.0.7 and 2.0.13, which
   * bind it as the class initializes. Null when neither can be read, as in a named {@code
   * org.slf4j} module that the agent could not open.
   */
  private static final ClassValue<Field> MDC_ADAPTER =
      new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> type) {
          for (String name : new String[] {"MDC_ADAPTER", "mdcAdapter"}) {
            try {
              Field field = type.getDeclaredField(name);
              field.setAccessible(true);
              return field;
            } catch (ReflectiveOperationException | RuntimeException e) {
              // Try the other name.
            }
          }
          return null;
        }
      };

  private static final MethodType GET_TYPE = MethodType.methodType(String.class, String.class);

  /** The static {@code get(String)} method of a logging context class, or null without one. */
  private static final ClassValue<MethodHandle> GETTERS =
      new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
          try {
            return MethodHandles.publicLookup().findStatic(type, "get", GET_TYPE);
          } catch (NoSuchMethodException | IllegalAccessException | SecurityException e) {
            AgentLog.debug("reading the logging context through " + type.getName() + " is off", e);
            return null;
          }
        }
      };

  private final String userIdKey;
  private final String sessionIdKey;
  private final Predicate<Class<?>> mayBeInitialized;
  private final Consumer<Class<?>> openPackage;
  private final Map<ClassLoader, ContextClasses> classesByLoader = new WeakHashMap<>();

  /**
   * Creates a listener that reads the context under the given keys. {@code mayBeInitialized} checks
   * whether a class may have been initialized, without initializing it, and is false only when it
   * surely has not been.
   */
  public LoggingContextListener(
      String userIdKey, String sessionIdKey, Predicate<Class<?>> mayBeInitialized) {
    this(userIdKey, sessionIdKey, mayBeInitialized, type -> {});
  }

  /**
   * Creates a listener like the constructor above that also calls {@code openPackage} with a
   * logging class before it reads the class's private fields. {@code openPackage} must open the
   * class's package to the agent's module where a named module contains it, and must not throw.
   */
  public LoggingContextListener(
      String userIdKey,
      String sessionIdKey,
      Predicate<Class<?>> mayBeInitialized,
      Consumer<Class<?>> openPackage) {
    this.userIdKey = userIdKey;
    this.sessionIdKey = sessionIdKey;
    this.mayBeInitialized = mayBeInitialized;
    this.openPackage = openPackage;
  }

  @Override
  public void onStart(SpanData span) {
    ContextClasses classes = classesFor(contextLoader());
    MethodHandle mdc =
        inUse(classes.mdc) && (adapterBound(classes.mdc) || slf4jStarted(classes.loggerFactory))
            ? getter(classes.mdc)
            : null;
    MethodHandle threadContext =
        inUse(classes.threadContext) ? getter(classes.threadContext) : null;
    if (mdc == null && threadContext == null) {
      return;
    }

    String userId = read(mdc, threadContext, userIdKey);
    String sessionId = read(mdc, threadContext, sessionIdKey);
    TraceIdentity.setIfAbsent(span, userId, sessionId);
  }

  /** Returns the value of {@code key} in the MDC, or else in the ThreadContext, or null. */
  private static String read(MethodHandle mdc, MethodHandle threadContext, String key) {
    String value = invoke(mdc, key);
    if (value == null || value.isEmpty()) {
      value = invoke(threadContext, key);
    }
    return value == null || value.isEmpty() ? null : value;
  }

  private static String invoke(MethodHandle getter, String key) {
    if (getter == null) {
      return null;
    }
    try {
      return (String) getter.invokeExact(key);
    } catch (Throwable t) {
      AgentLog.rateLimited(
          AgentLog.Level.WARN,
          "logging-context-read",
          "reading key "
              + key
              + " of the logging context failed, so the span has no user or"
              + " session id from it: "
              + t);
      return null;
    }
  }

  private static ClassLoader contextLoader() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return loader != null ? loader : ClassLoader.getSystemClassLoader();
  }

  private ContextClasses classesFor(ClassLoader loader) {
    synchronized (classesByLoader) {
      ContextClasses classes = classesByLoader.get(loader);
      if (classes == null) {
        classes =
            new ContextClasses(
                find(SLF4J_MDC, loader),
                find(SLF4J_LOGGER_FACTORY, loader),
                find(LOG4J_THREAD_CONTEXT, loader));
        classesByLoader.put(loader, classes);
      }
      return classes;
    }
  }

  private static ContextClass find(String name, ClassLoader loader) {
    try {
      return new ContextClass(Class.forName(name, false, loader));
    } catch (ClassNotFoundException | LinkageError | SecurityException e) {
      return null;
    }
  }

  /**
   * Returns whether the class is present and initialized. A class once initialized stays so, so a
   * true result is kept and later spans skip the check.
   */
  private boolean inUse(ContextClass found) {
    if (found == null) {
      return false;
    }
    if (found.initialized) {
      return true;
    }
    Class<?> type = found.type.get();
    found.initialized = type != null && mayBeInitialized.test(type);
    return found.initialized;
  }

  /**
   * Returns whether the initialized MDC has its adapter, so that reading it starts nothing. Once
   * bound, the adapter stays: later spans skip the read.
   */
  private boolean adapterBound(ContextClass mdc) {
    if (mdc.started) {
      return true;
    }
    Class<?> type = mdc.type.get();
    Field adapter = type == null ? null : privateField(MDC_ADAPTER, type);
    if (adapter == null) {
      return false;
    }
    try {
      mdc.started = adapter.get(null) != null;
      return mdc.started;
    } catch (IllegalAccessException | RuntimeException e) {
      return false;
    }
  }

  /** Returns whether the application has started SLF4J, so that reading its MDC is harmless. */
  private boolean slf4jStarted(ContextClass loggerFactory) {
    // Reading the state field of a class not yet initialized would initialize it.
    if (!inUse(loggerFactory)) {
      return false;
    }
    if (loggerFactory.started) {
      return true;
    }
    Class<?> type = loggerFactory.type.get();
    Field state = type == null ? null : privateField(SLF4J_STATE, type);
    if (state == null) {
      return false;
    }
    try {
      // Once started, SLF4J stays started: later spans skip the read.
      loggerFactory.started = state.getInt(null) != 0;
      return loggerFactory.started;
    } catch (IllegalAccessException | RuntimeException e) {
      return false;
    }
  }

  /** Returns the field that {@code fields} finds in {@code type}, opened to the agent first. */
  private Field privateField(ClassValue<Field> fields, Class<?> type) {
    openPackage.accept(type);
    return fields.get(type);
  }

  private static MethodHandle getter(ContextClass found) {
    Class<?> type = found.type.get();
    return type == null ? null : GETTERS.get(type);
  }

  /** A logging class that one class loader can load, held weakly, and what is known of it. */
  private static final class ContextClass {
    final WeakReference<Class<?>> type;
    volatile boolean initialized;

    /** For {@code LoggerFactory}, SLF4J has started; for the MDC, its adapter is bound. */
    volatile boolean started;

    ContextClass(Class<?> type) {
      this.type = new WeakReference<>(type);
    }
  }

  /** The logging context classes that one class loader can load; null means absent. */
  private static final class ContextClasses {
    final ContextClass mdc;
    final ContextClass loggerFactory;
    final ContextClass threadContext;

    ContextClasses(ContextClass mdc, ContextClass loggerFactory, ContextClass threadContext) {
      this.mdc = mdc;
      this.loggerFactory = loggerFactory;
      this.threadContext = threadContext;
    }
  }
}
