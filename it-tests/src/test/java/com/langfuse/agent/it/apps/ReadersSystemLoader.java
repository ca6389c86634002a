package com.langfuse.agent.it.apps;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;

/**
 * A custom system class loader ({@code -Djava.system.class.loader}) of the kind some launchers
 * install: it delegates to the JDK's application class loader first and keeps jars of its own. The
 * JVM adds each {@code -javaagent} jar to it through {@link #appendToClassPathForInstrumentation},
 * so the agent's classes come from this loader, not from the JDK's. It prints one line when the JVM
 * creates it, so a test can tell that it was used.
 */
public final class ReadersSystemLoader extends URLClassLoader {

  static {
    registerAsParallelCapable();
  }

  public ReadersSystemLoader(ClassLoader parent) {
    super("readers-system", new URL[0], parent);
    System.out.println("custom system class loader created");
  }

  /** Called by the JVM, which requires this method of a custom system class loader for agents. */
  void appendToClassPathForInstrumentation(String path) throws MalformedURLException {
    addURL(new File(path).toURI().toURL());
  }
}
