package com.langfuse.agent.internal;

import com.langfuse.agent.bootstrap.AgentLog;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Finds and retransforms classes that were loaded before the agent's transformer saw them. */
final class LoadedClasses {

  private LoadedClasses() {}

  /** Returns the loaded, modifiable classes with one of these binary names, in any loader. */
  static List<Class<?>> named(Instrumentation instrumentation, Collection<String> binaryNames) {
    List<Class<?>> classes = new ArrayList<>();
    for (Class<?> type : instrumentation.getAllLoadedClasses()) {
      if (binaryNames.contains(type.getName()) && instrumentation.isModifiableClass(type)) {
        classes.add(type);
      }
    }
    return classes;
  }

  /**
   * Retransforms {@code classes}, all at once and, if the JVM rejects one of them, which fails the
   * whole call, one at a time. A class that cannot be retransformed stays untraced, with a DEBUG
   * line.
   */
  static void retransform(Instrumentation instrumentation, List<Class<?>> classes) {
    if (classes.isEmpty()) {
      return;
    }
    try {
      instrumentation.retransformClasses(classes.toArray(new Class<?>[0]));
      return;
    } catch (Throwable t) {
      AgentLog.debug("retransforming " + classes.size() + " classes at once failed", t);
    }
    for (Class<?> type : classes) {
      try {
        instrumentation.retransformClasses(type);
      } catch (Throwable t) {
        AgentLog.debug("retransforming " + type.getName() + " failed, it stays untraced", t);
      }
    }
  }
}
