package com.langfuse.agent.internal;

import com.langfuse.agent.advice.InstrumentationModule;
import com.langfuse.agent.advice.InstrumentationModules;
import com.langfuse.agent.advice.TypeSelector;
import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.bridge.Bridge;
import com.langfuse.agent.bootstrap.config.AgentConfig;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs the advice of every enabled instrumentation module.
 *
 * <p>At premain it registers a {@link SelectingTransformer}, which checks each loaded class against
 * the modules' type selectors and builds Byte Buddy's transformer on the first selected class. This
 * class refers to no Byte Buddy type, so the agent's start-up loads none. Classes that a selector
 * names and that the JVM loaded before premain (JDK classes, in practice) are retransformed at
 * once, which builds Byte Buddy's transformer at start-up in that case only.
 */
final class AgentInstaller {

  private AgentInstaller() {}

  /**
   * Installs the transformer and returns the names of the enabled modules. When the agent is
   * attached to a running JVM, the application's libraries are loaded already: Byte Buddy is
   * installed at once and retransforms every loaded class its matchers match.
   */
  static List<String> install(
      Instrumentation instrumentation, AgentConfig config, boolean attachedLate) {
    List<InstrumentationModule> modules = new ArrayList<>();
    List<TypeSelector> selectors = new ArrayList<>();
    List<String> enabled = new ArrayList<>();
    for (InstrumentationModule module : InstrumentationModules.all()) {
      if (!config.isInstrumentationEnabled(module.name())) {
        AgentLog.info("instrumentation " + module.name() + " is switched off by configuration");
        continue;
      }
      modules.add(module);
      // Called for every enabled module, also when attached late: a module warns about its
      // configuration here.
      selectors.addAll(module.typeSelectors());
      enabled.add(module.name());
    }
    if (attachedLate) {
      AdviceTransformers.installForLoadedClasses(instrumentation, modules);
      return enabled;
    }
    if (selectors.isEmpty()) {
      return enabled;
    }

    SelectingTransformer transformer =
        new SelectingTransformer(
            selectors, new DeferredBuild(modules), instrumentation, Bridge.class.getModule());
    instrumentation.addTransformer(transformer, true);
    List<Class<?>> preloaded = new ArrayList<>();
    for (Class<?> type : instrumentation.getAllLoadedClasses()) {
      if (transformer.mayBeSelected(type) && instrumentation.isModifiableClass(type)) {
        preloaded.add(type);
      }
    }
    if (!preloaded.isEmpty()) {
      AgentLog.debug("retransforming " + preloaded.size() + " classes loaded before the agent");
      transformer.buildNow();
      LoadedClasses.retransform(instrumentation, preloaded);
    }
    return enabled;
  }

  /**
   * Calls {@link AdviceTransformers#build} when the transformer requests it. Naming
   * AdviceTransformers only inside {@link #build()} keeps it, and Byte Buddy with it, unloaded
   * until then.
   */
  private static final class DeferredBuild
      implements SelectingTransformer.AdviceTransformerFactory {
    private final List<InstrumentationModule> modules;

    DeferredBuild(List<InstrumentationModule> modules) {
      this.modules = modules;
    }

    @Override
    public ClassFileTransformer build() {
      return AdviceTransformers.build(modules);
    }
  }
}
