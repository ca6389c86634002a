package com.langfuse.agent.internal;

import com.langfuse.agent.advice.InstrumentationModule;
import com.langfuse.agent.advice.InstrumentationModules;
import com.langfuse.agent.advice.MethodHook;
import com.langfuse.agent.advice.TypeSelector;
import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.bridge.Bridge;
import com.langfuse.agent.bootstrap.bridge.ClassDefinitions;
import com.langfuse.agent.bootstrap.config.AgentConfig;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

  /**
   * The switch of {@link ClassLoaderHook}:
   * LANGFUSE_AGENT_INSTRUMENTATION_CLASS_LOADER_HOOK_ENABLED.
   */
  static final String CLASS_LOADER_HOOK = "class-loader-hook";

  private AgentInstaller() {}

  /**
   * Installs the transformer and returns the names of the enabled modules. When the agent is
   * attached to a running JVM, the application's libraries are loaded already: Byte Buddy is
   * installed at once and retransforms every loaded class its matchers match.
   */
  static List<String> install(
      Instrumentation instrumentation, AgentConfig config, boolean attachedLate) {
    List<InstrumentationModule> modules = new ArrayList<>();
    Map<InstrumentationModule, List<TypeSelector>> selectorsByModule = new LinkedHashMap<>();
    List<String> enabled = new ArrayList<>();
    for (InstrumentationModule module : InstrumentationModules.all()) {
      if (!config.isInstrumentationEnabled(module.name())) {
        AgentLog.info("instrumentation " + module.name() + " is switched off by configuration");
        continue;
      }
      modules.add(module);
      // Called once for every enabled module, also when attached late: a module warns about its
      // configuration here.
      selectorsByModule.put(module, module.typeSelectors());
      enabled.add(module.name());
    }
    if (attachedLate) {
      AdviceTransformers.installForLoadedClasses(instrumentation, modules);
      return enabled;
    }
    List<TypeSelector> selectors = new ArrayList<>();
    for (List<TypeSelector> moduleSelectors : selectorsByModule.values()) {
      selectors.addAll(moduleSelectors);
    }
    if (selectors.isEmpty()) {
      return enabled;
    }

    SelectingTransformer transformer =
        new SelectingTransformer(
            selectors,
            weaver(selectorsByModule),
            new DeferredBuild(modules),
            instrumentation,
            Bridge.class.getModule());
    instrumentation.addTransformer(transformer, true);
    List<Class<?>> preloaded = new ArrayList<>();
    for (Class<?> type : instrumentation.getAllLoadedClasses()) {
      if (transformer.mayBeSelected(type) && instrumentation.isModifiableClass(type)) {
        preloaded.add(type);
      }
    }
    boolean hookDefines = config.isInstrumentationEnabled(CLASS_LOADER_HOOK);
    if (hookDefines) {
      loadJdkClasses(transformer.exactNames());
    }
    if (!preloaded.isEmpty()) {
      AgentLog.debug("retransforming " + preloaded.size() + " classes loaded before the agent");
      transformer.buildNow();
      transformer.retransform(preloaded);
    }
    if (hookDefines) {
      hookDefines(instrumentation, transformer);
    }
    return enabled;
  }

  /**
   * Hands the classes that class loaders define to {@code transformer} through {@link
   * ClassLoaderHook}, and unregisters it from the JVM. If that cannot be done, the transformer
   * stays registered and receives every class as before.
   */
  private static void hookDefines(
      Instrumentation instrumentation, SelectingTransformer transformer) {
    boolean hooked;
    try {
      hooked = ClassLoaderHook.install(instrumentation);
    } catch (Throwable t) {
      AgentLog.debug("hooking java.lang.ClassLoader failed: " + t);
      hooked = false;
    }
    if (!hooked) {
      AgentLog.info(
          "class definitions are not hooked, so the JVM copies every class it loads for the"
              + " class transformer");
      return;
    }
    // While both paths are open, a class changed through defining is skipped by the JVM's call,
    // and a class defined before the listener was set still reaches the JVM's call.
    ClassDefinitions.setListener(transformer);
    transformer.definesHooked();
    instrumentation.removeTransformer(transformer);
    HookWatch.start(transformer);
    AgentLog.debug("class definitions hooked, the class transformer is unregistered");
  }

  /**
   * Loads the JDK classes that a selector names, without initializing them, while the transformer
   * is registered. The bootstrap loader defines JDK classes without calling {@code
   * ClassLoader.defineClass}, so once the transformer is unregistered, {@link ClassLoaderHook}
   * would not see them load.
   */
  private static void loadJdkClasses(Set<String> internalNames) {
    for (String internalName : internalNames) {
      if (!TypeSelector.isJdkPackage(internalName)) {
        continue;
      }
      String binaryName = internalName.replace('/', '.');
      try {
        Class.forName(binaryName, false, null);
      } catch (ClassNotFoundException | LinkageError notInTheBootLayer) {
        // Absent from this JDK, or defined by the platform loader, whose defineClass is hooked.
      }
    }
  }

  /**
   * Returns a weaver with the {@link #hooks} of the enabled modules. A hook on a class name pattern
   * yields the classes that another module's selectors may select by name to Byte Buddy.
   */
  static HookWeaver weaver(Map<InstrumentationModule, List<TypeSelector>> selectorsByModule) {
    List<MethodHook> hooks = new ArrayList<>();
    Map<MethodHook, List<TypeSelector>> yieldTo = new IdentityHashMap<>();
    for (InstrumentationModule module : selectorsByModule.keySet()) {
      for (MethodHook hook : kept(module, selectorsByModule)) {
        hooks.add(hook);
        if (hook.concreteClasses() != null) {
          yieldTo.put(hook, nameSelectorsOfOthers(module, selectorsByModule));
        }
      }
    }
    return new HookWeaver(hooks, yieldTo);
  }

  /**
   * Returns the method hooks of the enabled modules, without those on a class that another module
   * also selects by name. Such a class goes to Byte Buddy, where the advice of both modules
   * applies; the methods module naming a JDK executor class is an example. Hooks on a class name
   * pattern are all kept: the weaver checks each class they match instead.
   */
  static List<MethodHook> hooks(Map<InstrumentationModule, List<TypeSelector>> selectorsByModule) {
    List<MethodHook> hooks = new ArrayList<>();
    for (InstrumentationModule module : selectorsByModule.keySet()) {
      hooks.addAll(kept(module, selectorsByModule));
    }
    return hooks;
  }

  private static List<MethodHook> kept(
      InstrumentationModule module,
      Map<InstrumentationModule, List<TypeSelector>> selectorsByModule) {
    List<MethodHook> kept = new ArrayList<>();
    for (MethodHook hook : module.methodHooks()) {
      if (hook.concreteClasses() != null
          || !selectedByOtherModule(hook.className(), module, selectorsByModule)) {
        kept.add(hook);
      }
    }
    return kept;
  }

  private static List<TypeSelector> nameSelectorsOfOthers(
      InstrumentationModule owner,
      Map<InstrumentationModule, List<TypeSelector>> selectorsByModule) {
    List<TypeSelector> selectors = new ArrayList<>();
    for (Map.Entry<InstrumentationModule, List<TypeSelector>> entry :
        selectorsByModule.entrySet()) {
      if (entry.getKey() == owner) {
        continue;
      }
      for (TypeSelector selector : entry.getValue()) {
        if (!selector.readsClassFile()) {
          selectors.add(selector);
        }
      }
    }
    return selectors;
  }

  private static boolean selectedByOtherModule(
      String className,
      InstrumentationModule owner,
      Map<InstrumentationModule, List<TypeSelector>> selectorsByModule) {
    for (Map.Entry<InstrumentationModule, List<TypeSelector>> entry :
        selectorsByModule.entrySet()) {
      if (entry.getKey() == owner) {
        continue;
      }
      for (TypeSelector selector : entry.getValue()) {
        // A selector that reads class files (Lambda handlers) cannot be judged by name here,
        // and it never selects the library and JDK classes that modules hook.
        if (!selector.readsClassFile() && selector.mayMatchName(className, false)) {
          return true;
        }
      }
    }
    return false;
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
