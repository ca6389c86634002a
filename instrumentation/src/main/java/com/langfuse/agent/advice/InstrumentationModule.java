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

  /**
   * The selectors of the types this module transforms, one for each of {@link
   * #typeInstrumentations()}. The agent calls this at start-up, so an implementation must not touch
   * Byte Buddy: it builds the selectors from the same name constants as the type instrumentations,
   * and a unit test checks that the two agree.
   */
  List<TypeSelector> typeSelectors();

  /**
   * The types this module transforms, each with its advice. The agent calls this once, when the
   * first selected class loads, because building Byte Buddy matchers loads Byte Buddy.
   */
  List<TypeInstrumentation> typeInstrumentations();

  /**
   * Hooks that apply this module's advice without Byte Buddy to classes as they load, for the
   * modules whose advice only calls bootstrap methods. Each hook must do what the module's advice
   * does for the same method, because that advice still applies to classes that were loaded before
   * the agent started.
   */
  default List<MethodHook> methodHooks() {
    return List.of();
  }
}
