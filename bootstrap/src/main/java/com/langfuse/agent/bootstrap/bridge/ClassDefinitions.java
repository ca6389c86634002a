package com.langfuse.agent.bootstrap.bridge;

import com.langfuse.agent.bootstrap.AgentLog;
import java.nio.ByteBuffer;
import java.security.ProtectionDomain;

/**
 * The entry points that {@code java.lang.ClassLoader}'s {@code defineClass} methods call once the
 * agent has changed them: each class that a class loader defines passes through here before the JVM
 * parses it, and a {@link Listener} may hand back other bytes. With this in place the agent needs
 * no class file transformer registered, and the JVM no longer copies every class file it loads into
 * a new byte array for one.
 *
 * <p>Classes that the bootstrap loader defines from the JDK image, and classes defined through
 * {@code MethodHandles.Lookup}, do not pass through here. Every method catches everything: a
 * failure leaves the class as the application's loader gave it. The one exception thrown on purpose
 * is for the agent's own probe class loader (see {@link #hookInPlace}).
 */
public final class ClassDefinitions {

  /** Sees the classes as they are defined. */
  public interface Listener {

    /**
     * Returns whether the class with this internal name ({@code com/example/Type}), defined by
     * {@code loader}, may be changed, judged by its name alone. Called before the bytes of a direct
     * buffer are copied.
     */
    boolean mayChange(ClassLoader loader, String internalName);

    /**
     * Returns the new class file of the class with this internal name, or null to keep it. {@code
     * classFile} contains exactly the class file, which the listener must not change.
     */
    byte[] defining(
        ClassLoader loader, String internalName, ProtectionDomain domain, byte[] classFile);

    /**
     * Called with each class that a hooked {@code defineClass} method returns, before the caller
     * gets it. Only now is the class's module certain: a class loader of a child {@code
     * ModuleLayer} puts it in a named module that the agent cannot look up beforehand.
     */
    default void defined(Class<?> type) {}

    /**
     * Called when another Java agent attaches to the running JVM, before its {@code agentmain}
     * runs. That agent may retransform {@code ClassLoader} and so drop the calls to this class.
     */
    void agentAttaching();
  }

  private static volatile Listener listener;

  private ClassDefinitions() {}

  /** Sets the listener, or with null stops passing classes on. */
  public static void setListener(Listener newListener) {
    listener = newListener;
  }

  /** Returns whether a listener is set. */
  public static boolean isActive() {
    return listener != null;
  }

  /**
   * Returns whether {@code defineClass(String, byte[], int, int, ProtectionDomain)} still calls
   * this class. A native agent may retransform {@code ClassLoader} while the application runs,
   * which drops the calls silently. The check starts a definition of a null class file, which the
   * hook ends with an exception of its own before the JDK reads it. No {@code Error} is thrown and
   * no class is defined either way.
   */
  public static boolean hookInPlace() {
    try {
      ProbeLoader.INSTANCE.probe();
    } catch (ProbeSeen seen) {
      return true;
    } catch (Throwable rejected) {
      // Without the hook, the JDK rejects the null class file.
    }
    return false;
  }

  /**
   * Called first by {@code defineClass(String, byte[], int, int, ProtectionDomain)}. Returns the
   * array to define the class from: {@code bytes} itself, or a new array holding only the changed
   * class file, at offset 0 (see {@link #offset} and {@link #length}).
   */
  public static byte[] bytes(
      ClassLoader loader,
      String binaryName,
      byte[] bytes,
      int offset,
      int length,
      ProtectionDomain domain) {
    if (loader instanceof ProbeLoader) {
      // The one exception this method throws, and only into hookInPlace.
      throw ProbeSeen.INSTANCE;
    }
    Listener current = listener;
    if (current == null || bytes == null || isAgentLoader(loader)) {
      return bytes;
    }
    try {
      String internalName =
          binaryName != null
              ? binaryName.replace('.', '/')
              : ClassFileName.internalName(bytes, offset, length);
      if (internalName == null || !current.mayChange(loader, internalName)) {
        return bytes;
      }
      byte[] classFile = bytes;
      if (offset != 0 || length != bytes.length) {
        if (offset < 0 || length < 0 || offset > bytes.length - length) {
          // The JVM rejects these bounds itself, with the exception the application expects.
          return bytes;
        }
        classFile = new byte[length];
        System.arraycopy(bytes, offset, classFile, 0, length);
      }
      byte[] changed = current.defining(loader, internalName, domain, classFile);
      return changed == null ? bytes : changed;
    } catch (Throwable t) {
      failed(binaryName, t);
      return bytes;
    }
  }

  /**
   * Returns the offset to define from: {@code offset}, or 0 if {@link #bytes} returned a new array.
   */
  public static int offset(byte[] chosen, byte[] original, int offset) {
    return chosen == original ? offset : 0;
  }

  /**
   * Returns the length to define: {@code length}, or the new array's if {@link #bytes} returned
   * one.
   */
  public static int length(byte[] chosen, byte[] original, int length) {
    return chosen == original ? length : chosen.length;
  }

  /**
   * Called first by {@code defineClass(String, ByteBuffer, ProtectionDomain)}. A buffer that is not
   * direct comes back unchanged: that method passes its bytes on to the array variant, which calls
   * {@link #bytes}. A direct buffer comes back as it was, or as a new direct buffer holding the
   * changed class file.
   */
  public static ByteBuffer buffer(
      ClassLoader loader, String binaryName, ByteBuffer buffer, ProtectionDomain domain) {
    Listener current = listener;
    if (current == null || buffer == null || !buffer.isDirect() || isAgentLoader(loader)) {
      return buffer;
    }
    try {
      String internalName = binaryName == null ? null : binaryName.replace('.', '/');
      if (internalName != null && !current.mayChange(loader, internalName)) {
        return buffer;
      }
      byte[] classFile = new byte[buffer.remaining()];
      buffer.duplicate().get(classFile);
      if (internalName == null) {
        // Without a name, the class file must be read for it.
        internalName = ClassFileName.internalName(classFile, 0, classFile.length);
        if (internalName == null || !current.mayChange(loader, internalName)) {
          return buffer;
        }
      }
      byte[] changed = current.defining(loader, internalName, domain, classFile);
      if (changed == null) {
        return buffer;
      }
      ByteBuffer direct = ByteBuffer.allocateDirect(changed.length);
      direct.put(changed).flip();
      return direct;
    } catch (Throwable t) {
      failed(binaryName, t);
      return buffer;
    }
  }

  /** Called by both {@code defineClass} methods with the class they are about to return. */
  public static void defined(Class<?> type) {
    Listener current = listener;
    if (current == null) {
      return;
    }
    try {
      current.defined(type);
    } catch (Throwable t) {
      failed(type.getName(), t);
    }
  }

  /**
   * Called first by the JDK's {@code InstrumentationImpl.loadClassAndCallAgentmain}, once the agent
   * has changed it: another Java agent is attaching.
   */
  public static void agentAttaching() {
    Listener current = listener;
    if (current == null) {
      return;
    }
    try {
      current.agentAttaching();
    } catch (Throwable t) {
      try {
        AgentLog.warn(
            "taking back the class transformer for an attaching agent failed; classes that load"
                + " from now on may stay untraced",
            t);
      } catch (Throwable ignored) {
        // The attaching agent must start all the same.
      }
    }
  }

  private static boolean isAgentLoader(ClassLoader loader) {
    return loader instanceof AgentClassLoader || loader instanceof HelperClassLoader;
  }

  private static void failed(String binaryName, Throwable t) {
    try {
      AgentLog.rateLimited(
          AgentLog.Level.WARN,
          "define-hook-failed",
          "instrumenting "
              + (binaryName == null ? "a class defined without a name" : binaryName)
              + " failed, it stays untraced: "
              + t);
    } catch (Throwable ignored) {
      // Logging must not fail a class definition either.
    }
  }

  /** Thrown by the hook into {@link #hookInPlace}, as one instance without a stack trace. */
  private static final class ProbeSeen extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final ProbeSeen INSTANCE = new ProbeSeen();

    private ProbeSeen() {
      super("the defineClass hook is in place", null, false, false);
    }
  }

  /** A class loader whose only definition is a null class file, for {@link #hookInPlace}. */
  private static final class ProbeLoader extends ClassLoader {
    static final ProbeLoader INSTANCE = new ProbeLoader();

    ProbeLoader() {
      super(null);
    }

    void probe() {
      defineClass("com.langfuse.agent.bootstrap.bridge.HookProbe", null, 0, 0, null);
    }
  }
}
