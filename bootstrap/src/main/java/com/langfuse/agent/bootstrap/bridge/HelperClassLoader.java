package com.langfuse.agent.bootstrap.bridge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;

/**
 * Loads instrumentation helper classes next to the library they instrument.
 *
 * <p>The agent jar stores helpers under {@code inst/}, so no application class loader can load them
 * by accident. This loader's parent is the class loader of the instrumented library. It defines
 * helper classes itself (child first) from the agent jar and delegates everything else, so a helper
 * links against the application's copy of the library and the bootstrap classes.
 */
public final class HelperClassLoader extends ClassLoader {

  /** Package prefix of every class this loader defines itself. */
  static final String HELPER_PREFIX = "com.langfuse.agent.instrumentation.";

  static {
    registerAsParallelCapable();
  }

  public HelperClassLoader(ClassLoader parent) {
    super("langfuse-agent-helpers", parent);
  }

  /** Package prefix of the agent's classes on the bootstrap class path. */
  static final String BOOTSTRAP_PREFIX = "com.langfuse.agent.bootstrap.";

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!name.startsWith(HELPER_PREFIX)) {
      Class<?> fromBoot = bootClass(name);
      return fromBoot != null ? fromBoot : super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        loaded = findClass(name);
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  /**
   * Returns a JDK or agent class that the bootstrap loader defines, or null for any other class.
   * Delegating through the parents would reach the same class, with two more calls of the
   * application loader's and the platform loader's {@code loadClass} for each name. Those calls
   * count towards the JIT compiling {@code loadClass} in the application. A {@code java.} class of
   * the platform loader, such as {@code java.sql}'s, goes through the parents.
   */
  private static Class<?> bootClass(String name) {
    if (!name.startsWith("java.") && !name.startsWith(BOOTSTRAP_PREFIX)) {
      return null;
    }
    try {
      return Class.forName(name, false, null);
    } catch (ClassNotFoundException | LinkageError notInBoot) {
      return null;
    }
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] bytes = AgentJar.readClass(name);
    if (bytes == null) {
      throw new ClassNotFoundException(name);
    }
    return defineClass(name, bytes, 0, bytes.length, AgentJar.protectionDomain());
  }

  @Override
  protected URL findResource(String name) {
    return AgentJar.resource(name);
  }

  /**
   * Reads {@code in} to its end and closes it. A jar entry's stream reports the entry's remaining
   * uncompressed size as {@code available()}, so a class is usually read into one array of its
   * size, which keeps the agent's start-up allocations small.
   */
  static byte[] readAll(InputStream in) throws IOException {
    try (InputStream stream = in) {
      int expected = stream.available();
      byte[] bytes = stream.readNBytes(Math.max(expected, 0));
      int next = stream.read();
      if (next < 0) {
        return bytes;
      }
      // The stream contains more than it reported: append the rest.
      ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 8192);
      out.write(bytes, 0, bytes.length);
      out.write(next);
      stream.transferTo(out);
      return out.toByteArray();
    }
  }
}
