package com.langfuse.agent.advice;

import java.util.List;

/**
 * One instrumented library: a name for its on/off switch and the types it transforms.
 *
 * <p>The switch is {@code LANGFUSE_AGENT_INSTRUMENTATION_<NAME>_ENABLED}, with the name in upper
 * case and dashes as underscores.
 */
public interface InstrumentationModule {

  /** Lowercase name such as {@code openai}, used in the switch and in log lines. */
  String name();

  /** The types this module transforms, each with its advice. */
  List<TypeInstrumentation> typeInstrumentations();

  /**
   * JDK classes among the transformed types that the JVM may have loaded before premain runs. The
   * installer retransforms these few at premain, instead of scanning every loaded class.
   */
  default List<Class<?>> preloadedJdkTypes() {
    return List.of();
  }
}
