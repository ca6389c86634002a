package com.langfuse.agent.bootstrap.bridge;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;

/**
 * Loads the agent's internals (the installer with Byte Buddy, and the exporter) from {@code inst/}
 * in the agent jar. Its parent is the bootstrap loader, so the internals see the bootstrap classes
 * and the JDK, and nothing of the application. The application cannot see them either, so its own
 * Byte Buddy never clashes with the agent's.
 */
public final class AgentClassLoader extends ClassLoader {

  static {
    registerAsParallelCapable();
  }

  public AgentClassLoader() {
    super("langfuse-agent", null);
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] bytes = AgentJar.readClass(name);
    if (bytes == null) {
      throw new ClassNotFoundException(name);
    }
    int lastDot = name.lastIndexOf('.');
    if (lastDot > 0) {
      String packageName = name.substring(0, lastDot);
      if (getDefinedPackage(packageName) == null) {
        try {
          definePackage(packageName, null, null, null, null, null, null, null);
        } catch (IllegalArgumentException alreadyDefined) {
          // Another thread defined it first.
        }
      }
    }
    return defineClass(name, bytes, 0, bytes.length, AgentJar.protectionDomain());
  }

  @Override
  protected URL findResource(String name) {
    return AgentJar.resource(name);
  }

  @Override
  protected Enumeration<URL> findResources(String name) throws IOException {
    URL url = AgentJar.resource(name);
    return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
  }
}
