package com.langfuse.agent.it.apps;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * An agent that {@link DefinedClassesApp} attaches to itself while it runs. Like the agents of
 * application performance monitoring tools, it retransforms {@code java.lang.ClassLoader}, here
 * with a transformer that changes nothing. That gives the JVM's original {@code ClassLoader} back
 * to every transformer registered at that moment. The agent's options, if any, are the number of
 * times it retransforms {@code ClassLoader}.
 */
public final class LateAgent {

  private LateAgent() {}

  public static void agentmain(String options, Instrumentation instrumentation) throws Exception {
    ClassFileTransformer unchanged =
        new ClassFileTransformer() {
          @Override
          public byte[] transform(
              Module module,
              ClassLoader loader,
              String className,
              Class<?> classBeingRedefined,
              ProtectionDomain protectionDomain,
              byte[] classfileBuffer) {
            return null;
          }
        };
    int times = options == null || options.isEmpty() ? 1 : Integer.parseInt(options);
    instrumentation.addTransformer(unchanged, true);
    try {
      for (int i = 0; i < times; i++) {
        instrumentation.retransformClasses(ClassLoader.class);
      }
    } finally {
      instrumentation.removeTransformer(unchanged);
    }
    System.out.println("late agent retransformed ClassLoader");
  }
}
