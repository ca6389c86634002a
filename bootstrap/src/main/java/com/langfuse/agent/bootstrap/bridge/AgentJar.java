package com.langfuse.agent.bootstrap.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.function.Function;

/**
 * Reads the agent's hidden classes and resources, stored under {@code inst/} in the agent jar.
 *
 * <p>The JVM puts a {@code -javaagent} jar on the system class path, so its entries are found
 * through the system class loader, whose class path the JVM already keeps open. That avoids a file
 * handle of our own, which would block a CRaC checkpoint. The bootstrap loader cannot be used:
 * resources of a jar appended to it while the JVM runs are visible to the VM's class loading but
 * not to Java-level resource lookups.
 *
 * <p>A lookup through the system class loader first searches about 60 JDK modules for each class,
 * because an {@code inst/} path is in no module's package, and then every jar of the class path
 * before the agent's. So premain hands in a reader ({@link #setOpenJarReader}) that reads the
 * entry from the system class loader's open handle of the agent jar.
 */
public final class AgentJar {

  public static final String HIDDEN_PREFIX = "inst/";

  private static volatile URL location;
  private static volatile ProtectionDomain protectionDomain;
  private static volatile Function<String, byte[]> openJarReader;

  private AgentJar() {}

  /** Records where the agent jar is; called once by premain. */
  public static void setLocation(URL jarLocation) {
    location = jarLocation;
    protectionDomain =
        new ProtectionDomain(new CodeSource(jarLocation, (Certificate[]) null), null);
  }

  /** The agent jar's location, or null when the agent runs unpackaged (tests). */
  public static URL location() {
    return location;
  }

  static ProtectionDomain protectionDomain() {
    return protectionDomain;
  }

  /** Returns the hidden resource {@code name}, or null. */
  public static URL resource(String name) {
    return ClassLoader.getSystemClassLoader().getResource(HIDDEN_PREFIX + name);
  }

  /**
   * Sets the reader of the agent jar. It must return the bytes of the entry at a path, or null when
   * it finds none or fails, and must not throw. Without one, or when it returns null, classes are
   * read through the system class loader.
   */
  public static void setOpenJarReader(Function<String, byte[]> reader) {
    openJarReader = reader;
  }

  /** Returns the bytes of the hidden class {@code className}, or null when it does not exist. */
  public static byte[] readClass(String className) {
    String path = HIDDEN_PREFIX + className.replace('.', '/') + ".class";
    Function<String, byte[]> reader = openJarReader;
    byte[] bytes = reader == null ? null : reader.apply(path);
    if (bytes != null) {
      return bytes;
    }
    InputStream in = ClassLoader.getSystemClassLoader().getResourceAsStream(path);
    if (in == null) {
      return null;
    }
    try {
      return HelperClassLoader.readAll(in);
    } catch (IOException e) {
      return null;
    }
  }
}
