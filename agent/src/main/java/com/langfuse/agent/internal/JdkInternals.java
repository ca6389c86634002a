package com.langfuse.agent.internal;

import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.bridge.AgentJar;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Reaches the few parts of {@code java.base}'s internal packages that the agent needs, by exporting
 * or opening a package to the agent's own module through {@link Instrumentation}. The application's
 * modules, and the unnamed module of its class path, are left as they are.
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
   * Lets {@link AgentJar} read the agent's hidden classes from the {@code JarFile} that the system
   * class loader keeps open for the agent jar. A lookup through the system class loader searches
   * about 60 JDK modules for each {@code inst/} path, then every jar of the class path before the
   * agent's, which is last; that pushes the JDK's class loading methods to be compiled by C2
   * earlier and more often. The handle is reached through private fields of {@code
   * jdk.internal.loader}, opened to the agent's own module alone. When the system class loader or
   * the JDK's internals differ from what this expects, it does nothing. The classes are then read
   * through the system class loader as before.
   */
  static void readAgentClassesFromClassPath(Instrumentation instrumentation) {
    try {
      URL location = AgentJar.location();
      ClassLoader system = ClassLoader.getSystemClassLoader();
      Class<?> builtinLoader = Class.forName(LOADER + ".BuiltinClassLoader");
      if (location == null) {
        return;
      }
      if (!builtinLoader.isInstance(system)) {
        AgentLog.debug(
            "the system class loader is not the JDK's, so the agent reads its classes through it");
        return;
      }
      openToAgent(instrumentation, Object.class.getModule(), LOADER);
      Object classPath = field(builtinLoader, "ucp").get(system);
      Class<?> jarLoaderType = Class.forName(LOADER + ".URLClassPath$JarLoader");
      Field codeSource = field(jarLoaderType, "csu");
      Object agentJarLoader = null;
      // The class path object guards its list of opened jars with its own monitor.
      synchronized (classPath) {
        for (Object loader : (List<?>) field(classPath.getClass(), "loaders").get(classPath)) {
          if (jarLoaderType.isInstance(loader)
              && sameFile((URL) codeSource.get(loader), location)) {
            agentJarLoader = loader;
            break;
          }
        }
      }
      if (agentJarLoader == null) {
        AgentLog.debug(
            "the agent jar is not among the system class path's open jars, so the agent reads its"
                + " classes through the system class loader");
        return;
      }
      MethodHandle openJar =
          MethodHandles.lookup()
              .unreflectGetter(field(jarLoaderType, "jar"))
              .bindTo(agentJarLoader)
              .asType(MethodType.methodType(JarFile.class));
      AgentJar.setOpenJarReader(new OpenJarReader(openJar));
      AgentLog.debug("the agent reads its classes from the system class path directly");
    } catch (Throwable t) {
      AgentLog.debug("the agent reads its classes through the system class loader: " + t);
    }
  }

  private static Field field(Class<?> type, String name) throws NoSuchFieldException {
    Field field = type.getDeclaredField(name);
    field.setAccessible(true);
    return field;
  }

  private static boolean sameFile(URL found, URL agentJar) {
    try {
      return found != null && Path.of(found.toURI()).equals(Path.of(agentJar.toURI()));
    } catch (Exception notAFile) {
      return false;
    }
  }

  /** Reads entries of the agent jar through the system class loader's open handle of it. */
  private static final class OpenJarReader implements Function<String, byte[]> {

    private final MethodHandle openJar;

    OpenJarReader(MethodHandle openJar) {
      this.openJar = openJar;
    }

    @Override
    public byte[] apply(String path) {
      try {
        JarFile jar = (JarFile) openJar.invokeExact();
        JarEntry entry = jar == null ? null : jar.getJarEntry(path);
        if (entry == null) {
          return null;
        }
        try (InputStream in = jar.getInputStream(entry)) {
          long size = entry.getSize();
          // One array of the entry's size when the jar records it, as it does for classes.
          if (size < 0 || size >= Integer.MAX_VALUE) {
            return null;
          }
          byte[] bytes = in.readNBytes((int) size);
          // A shorter or longer entry than recorded is left to the system class loader's read.
          return bytes.length == size && in.read() < 0 ? bytes : null;
        }
      } catch (Throwable t) {
        // A closed or replaced handle: the caller reads through the system class loader.
        AgentLog.debug("reading " + path + " from the open agent jar failed: " + t);
        return null;
      }
    }
  }

  /**
   * Returns an action that opens the package of a class in a named module to the agent's own module
   * alone, so the agent can read the class's private fields. It does nothing for a class of an
   * unnamed module. It catches the failure to change a module and logs it at DEBUG.
   */
  public static Consumer<Class<?>> packageOpener(Instrumentation instrumentation) {
    return type -> {
      if (!type.getModule().isNamed()) {
        return;
      }
      try {
        openToAgent(instrumentation, type.getModule(), type.getPackageName());
      } catch (RuntimeException e) {
        AgentLog.debug(
            "opening "
                + type.getPackageName()
                + " of "
                + type.getModule()
                + " to the agent failed: "
                + e);
      }
    };
  }

  /** Opens {@code packageName} of {@code module} to the agent's own module, unless it is open. */
  private static void openToAgent(
      Instrumentation instrumentation, Module module, String packageName) {
    Module own = JdkInternals.class.getModule();
    if (!module.isOpen(packageName, own)) {
      instrumentation.redefineModule(
          module, Set.of(), Map.of(), Map.of(packageName, Set.of(own)), Set.of(), Map.of());
    }
  }

  /**
   * Returns a test of whether a class may have been initialized, which does not initialize it. It
   * returns false only for a class that surely has not been. Where the JDK's internal check cannot
   * be reached, it returns true for every class, and a caller then does what it did without the
   * check. The check is looked up on its first use, not at premain.
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
