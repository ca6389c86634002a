package com.langfuse.agent.benchmarks;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * A Java agent that only registers a class file transformer which changes nothing. It is the {@code
 * transformer-only} variant of {@code startup.sh}. Once any transformer is registered, the JVM
 * copies every class file it loads into a Java byte array for it. This variant shows that part of
 * an agent's cost, which no transformer avoids.
 */
public final class TransformerOnlyAgent {

  private TransformerOnlyAgent() {}

  public static void premain(String arguments, Instrumentation instrumentation) {
    instrumentation.addTransformer(new UnchangedClasses(), true);
  }

  /** Returns null for every class, which keeps the class file as it is. */
  private static final class UnchangedClasses implements ClassFileTransformer {
    @Override
    public byte[] transform(
        ClassLoader loader,
        String className,
        Class<?> classBeingRedefined,
        ProtectionDomain protectionDomain,
        byte[] classFileBuffer) {
      return null;
    }
  }
}
