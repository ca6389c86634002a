package com.langfuse.agent.internal;

import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.bridge.AgentJar;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reaches the few parts of {@code java.base}'s internal package {@code jdk.internal.misc} that the
 * agent needs, by exporting that package to the agent's module through {@link Instrumentation}. The
 * application's modules are left as they are.
 */
public final class JdkInternals {

  static final String MISC = "jdk.internal.misc";
  private static final String LOADER = "jdk.internal.loader";

  private JdkInternals() {}

  /** Exports {@code jdk.internal.misc} to the module of the agent's classes, once. */
  static void exportMisc(Instrumentation instrumentation) {
    Module base = Object.class.getModule();
    Module own = JdkInternals.class.getModule();
    if (!base.isExported(MISC, own)) {
      instrumentation.redefineModule(
          base, Set.of(), Map.of(MISC, Set.of(own)), Map.of(), Set.of(), Map.of());
    }
  }

  /**
   * Lets {@link AgentJar} read the agent's hidden classes straight from the system class path that
   * the system class loader keeps open, without searching every JDK module first. That is the class
   * path object behind {@code ClassLoader.getSystemResourceAsStream}; its private field is reached
   * by opening {@code jdk.internal.loader} to the agent's own module alone. Does nothing when the
   * system class loader is not the JDK's or the JDK's internals differ; the classes are then read
   * through the system class loader as before.
   */
  static void readAgentClassesFromClassPath(Instrumentation instrumentation) {
    try {
      ClassLoader system = ClassLoader.getSystemClassLoader();
      Class<?> builtinLoader = Class.forName(LOADER + ".BuiltinClassLoader");
      if (!builtinLoader.isInstance(system)) {
        AgentLog.debug(
            "the system class loader is not the JDK's, so the agent reads its classes"
                + " through it");
        return;
      }
      Module base = Object.class.getModule();
      Module own = JdkInternals.class.getModule();
      if (!base.isOpen(LOADER, own)) {
        instrumentation.redefineModule(
            base, Set.of(), Map.of(), Map.of(LOADER, Set.of(own)), Set.of(), Map.of());
      }
      Field classPathField = builtinLoader.getDeclaredField("ucp");
      classPathField.setAccessible(true);
      Object classPath = classPathField.get(system);
      if (classPath == null) {
        return;
      }
      Class<?> classPathType = Class.forName(LOADER + ".URLClassPath");
      Class<?> resourceType = Class.forName(LOADER + ".Resource");
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      MethodHandle getResource =
          lookup
              .findVirtual(
                  classPathType, "getResource", MethodType.methodType(resourceType, String.class))
              .bindTo(classPath)
              .asType(MethodType.methodType(Object.class, String.class));
      MethodHandle getBytes =
          lookup
              .findVirtual(resourceType, "getBytes", MethodType.methodType(byte[].class))
              .asType(MethodType.methodType(byte[].class, Object.class));
      AgentJar.setClassPathReader(new ClassPathReader(getResource, getBytes));
      AgentLog.debug("the agent reads its classes from the system class path directly");
    } catch (Throwable t) {
      AgentLog.debug("the agent reads its classes through the system class loader: " + t);
    }
  }

  /** Reads an entry of the system class path through the JDK's own class path object. */
  private static final class ClassPathReader implements Function<String, byte[]> {

    private final MethodHandle getResource;
    private final MethodHandle getBytes;

    ClassPathReader(MethodHandle getResource, MethodHandle getBytes) {
      this.getResource = getResource;
      this.getBytes = getBytes;
    }

    @Override
    public byte[] apply(String path) {
      try {
        Object resource = (Object) getResource.invokeExact(path);
        return resource == null ? null : (byte[]) getBytes.invokeExact(resource);
      } catch (Throwable t) {
        AgentLog.debug("reading " + path + " from the class path failed: " + t);
        return null;
      }
    }
  }

  /**
   * Returns a test of whether a class may have been initialized, which does not initialize it. It
   * answers false only for a class that surely has not been. Where the JDK's internal check cannot
   * be reached, it answers true for every class, and a caller then does what it did before it could
   * tell. The check is looked up on its first use, not at premain.
   */
  public static Predicate<Class<?>> mayBeInitialized(Instrumentation instrumentation) {
    return new InitializationCheck(instrumentation);
  }

  /** Calls {@code jdk.internal.misc.Unsafe.shouldBeInitialized}, looked up on the first call. */
  private static final class InitializationCheck implements Predicate<Class<?>> {

    private final Instrumentation instrumentation;
    private volatile MethodHandle shouldBeInitialized;
    private volatile boolean unavailable;

    InitializationCheck(Instrumentation instrumentation) {
      this.instrumentation = instrumentation;
    }

    @Override
    public boolean test(Class<?> type) {
      MethodHandle check = handle();
      if (check == null) {
        return true;
      }
      try {
        return !(boolean) check.invokeExact(type);
      } catch (Throwable t) {
        return true;
      }
    }

    private MethodHandle handle() {
      MethodHandle check = shouldBeInitialized;
      if (check != null || unavailable) {
        return check;
      }
      synchronized (this) {
        if (shouldBeInitialized == null && !unavailable) {
          try {
            exportMisc(instrumentation);
            Class<?> unsafeType = Class.forName(MISC + ".Unsafe");
            Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
            shouldBeInitialized =
                MethodHandles.lookup()
                    .findVirtual(
                        unsafeType,
                        "shouldBeInitialized",
                        MethodType.methodType(boolean.class, Class.class))
                    .bindTo(unsafe);
          } catch (Throwable t) {
            unavailable = true;
            AgentLog.debug(
                "the JDK cannot tell the agent whether a class is initialized, so the logging"
                    + " context is read as before: "
                    + t);
          }
        }
        return shouldBeInitialized;
      }
    }
  }
}
