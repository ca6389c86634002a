package com.langfuse.agent.internal;

import com.langfuse.agent.advice.TypeSelector;
import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.bridge.ClassDefinitions;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The class file transformer the agent registers at premain. The JVM calls it for every class it
 * loads; it hands only the classes that a module's {@link TypeSelector} selects to Byte Buddy's
 * transformer, and builds that transformer when the first selected class arrives. An application
 * that loads no instrumented class never loads Byte Buddy, and the others skip Byte Buddy's parsing
 * of every class they load.
 *
 * <p>Once {@link ClassLoaderHook} is in place, classes reach it through {@link #defining} as class
 * loaders define them, and it is registered with the JVM only while the agent retransforms classes.
 *
 * <p>Never throws: a failure leaves the class as it was and is logged.
 */
final class SelectingTransformer implements ClassFileTransformer, ClassDefinitions.Listener {

  /** The agent's own classes, which no module instruments. */
  private static final String AGENT_PACKAGE = "com/langfuse/agent/";

  /** Builds Byte Buddy's transformer; called once, under the transformer's lock. */
  interface AdviceTransformerFactory {
    ClassFileTransformer build();
  }

  private final Set<String> exactNames = new HashSet<>();
  private final List<TypeSelector> otherSelectors = new ArrayList<>();
  private final HookWeaver weaver;
  private final AdviceTransformerFactory factory;
  private final Instrumentation instrumentation;
  private final Module bridgeModule;
  private final Object lock = new Object();

  // Written under lock, read without it on every selected class once set.
  private volatile ClassFileTransformer adviceTransformer;
  private volatile boolean buildFailed;

  // The classes the weaver changed while they loaded, by class loader (null for the bootstrap
  // loader). A retransformation of such a class must add the same methods again.
  private final Map<ClassLoader, Set<String>> wovenAtLoad = new WeakHashMap<>();

  // The classes changed through ClassDefinitions, by class loader. The JVM keeps the changed class
  // file as the original, so a retransformation must leave such a class alone.
  private final Map<ClassLoader, Set<String>> changedAtDefine = new WeakHashMap<>();

  // Set once a class is in changedAtDefine, so that until then no class load takes its lock.
  private volatile boolean anyChangedAtDefine;

  // Set while ClassLoaderHook passes defined classes to this transformer.
  private volatile boolean definesHooked;

  // Held while this transformer is registered for a retransformation.
  private final Object retransformLock = new Object();

  // Guarded by lock.
  private Thread buildingThread;
  private final Set<String> selectedWhileBuilding = new HashSet<>();

  /**
   * Creates a transformer for {@code selectors}. Advice inlined into a class of a named module
   * calls the agent's bridge in {@code bridgeModule}, so the transformer makes such a module read
   * it through {@code instrumentation} first.
   */
  SelectingTransformer(
      List<TypeSelector> selectors,
      HookWeaver weaver,
      AdviceTransformerFactory factory,
      Instrumentation instrumentation,
      Module bridgeModule) {
    for (TypeSelector selector : selectors) {
      if (selector.exactName() != null && !selector.readsClassFile()) {
        exactNames.add(selector.exactName());
      } else {
        otherSelectors.add(selector);
      }
    }
    this.weaver = weaver;
    this.factory = factory;
    this.instrumentation = instrumentation;
    this.bridgeModule = bridgeModule;
  }

  /** Returns whether the class is selected, from its internal name and class file. */
  boolean selects(String internalName, ClassLoader loader, byte[] classFile) {
    return matches(internalName, loader == null, classFile, true);
  }

  /**
   * Returns whether an already loaded class may be selected, judged by its name alone because its
   * class file is not at hand.
   */
  boolean mayBeSelected(Class<?> type) {
    return matches(type.getName().replace('.', '/'), type.getClassLoader() == null, null, false);
  }

  /**
   * Checks the selectors; with {@code readClassFile} false, a selector that needs the class file
   * counts as a match when the name allows one.
   */
  private boolean matches(
      String internalName, boolean bootstrapClass, byte[] classFile, boolean readClassFile) {
    if (exactNames.contains(internalName)) {
      return true;
    }
    if (internalName.startsWith(AGENT_PACKAGE)) {
      return false;
    }
    for (TypeSelector selector : otherSelectors) {
      boolean match =
          readClassFile
              ? selector.selects(internalName, bootstrapClass, classFile)
              : selector.mayMatchName(internalName, bootstrapClass);
      if (match) {
        return true;
      }
    }
    return false;
  }

  /** Returns the exact internal names that the selectors name. */
  Set<String> exactNames() {
    return exactNames;
  }

  /** Returns whether Byte Buddy's transformer has been built. */
  boolean isBuilt() {
    return adviceTransformer != null;
  }

  /** Builds Byte Buddy's transformer now, if no class has caused it yet. */
  void buildNow() {
    adviceTransformer(null);
  }

  /**
   * Marks {@link ClassLoaderHook} as installed: from now on classes that a class loader defines
   * reach this transformer through {@link #defining}, and the caller unregisters it from the JVM.
   */
  void definesHooked() {
    definesHooked = true;
  }

  /** Returns whether classes reach this transformer through {@link #defining}. */
  boolean isDefinesHooked() {
    return definesHooked;
  }

  @Override
  public boolean mayChange(ClassLoader loader, String internalName) {
    return matches(internalName, loader == null, null, false);
  }

  @Override
  public byte[] defining(
      ClassLoader loader, String internalName, ProtectionDomain domain, byte[] classFile) {
    if (!selects(internalName, loader, classFile)) {
      return null;
    }
    byte[] changed =
        change(moduleOf(loader, internalName), loader, internalName, null, domain, classFile);
    if (changed != null) {
      synchronized (changedAtDefine) {
        changedAtDefine.computeIfAbsent(loader, key -> new HashSet<>()).add(internalName);
      }
      anyChangedAtDefine = true;
    }
    return changed;
  }

  /**
   * Lets the named module of a class changed through {@link #defining} read the bridge, which
   * {@link #moduleOf} could not do for a module of a child {@code ModuleLayer}. The advice in the
   * class would otherwise fail on its first call to the bridge, and that call would go untraced.
   */
  @Override
  public void defined(Class<?> type) {
    if (!anyChangedAtDefine) {
      return;
    }
    Module module = type.getModule();
    if (!module.isNamed() || module.canRead(bridgeModule)) {
      return;
    }
    if (wasChangedAtDefine(type.getClassLoader(), type.getName().replace('.', '/'))) {
      addReadEdge(module);
    }
  }

  /**
   * Registers this transformer with the JVM again for good, because another agent is attaching and
   * may retransform {@code ClassLoader}, which would drop the calls to {@link #defining}. A class
   * in the middle of its definition meanwhile is changed once: the JVM's call skips a class changed
   * through {@link #defining}.
   */
  @Override
  public void agentAttaching() {
    synchronized (retransformLock) {
      if (!definesHooked) {
        return;
      }
      instrumentation.addTransformer(this, true);
      definesHooked = false;
      ClassDefinitions.setListener(null);
    }
    AgentLog.info(
        "another agent is attaching, so the class transformer is registered again, and the JVM"
            + " copies every class it loads for it");
  }

  /**
   * Registers this transformer with the JVM again for good, because {@code ClassLoader} no longer
   * calls {@link #defining}, and retransforms the classes that loaders defined since then: {@link
   * HookWatch} found out only now.
   */
  void hookLost() {
    synchronized (retransformLock) {
      if (!definesHooked) {
        return;
      }
      instrumentation.addTransformer(this, true);
      definesHooked = false;
    }
    AgentLog.warn(
        "java.lang.ClassLoader no longer passes defined classes to the agent, probably because a"
            + " native agent attached later changed it, so the class transformer is registered"
            + " again");

    List<Class<?>> missed = new ArrayList<>();
    for (Class<?> type : instrumentation.getAllLoadedClasses()) {
      ClassLoader loader = type.getClassLoader();
      if (loader != null
          && mayBeSelected(type)
          && instrumentation.isModifiableClass(type)
          && !wasChangedAtDefine(loader, type.getName().replace('.', '/'))) {
        missed.add(type);
      }
    }
    if (!missed.isEmpty()) {
      AgentLog.info("retransforming " + missed.size() + " classes that may have loaded untraced");
      buildNow();
      LoadedClasses.retransform(instrumentation, missed);
    }
    // Last, so that a caller waiting for the listener to go sees the retransformed classes.
    ClassDefinitions.setListener(null);
  }

  /**
   * Retransforms {@code classes}. Once class definitions are hooked, this transformer is registered
   * with the JVM only for the call.
   */
  void retransform(List<Class<?>> classes) {
    if (!definesHooked) {
      LoadedClasses.retransform(instrumentation, classes);
      return;
    }
    synchronized (retransformLock) {
      instrumentation.addTransformer(this, true);
      try {
        LoadedClasses.retransform(instrumentation, classes);
      } finally {
        instrumentation.removeTransformer(this);
      }
    }
  }

  @Override
  public byte[] transform(
      Module module,
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classfileBuffer) {
    if (className == null) {
      return null;
    }
    if (anyChangedAtDefine && wasChangedAtDefine(loader, className)) {
      // Changed through defining a moment ago, or, on a retransformation, then: the JVM keeps the
      // changed class file as the original, so it contains the change already.
      return null;
    }
    if (!selects(className, loader, classfileBuffer)) {
      return null;
    }
    return change(
        module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
  }

  private byte[] change(
      Module module,
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classfileBuffer) {
    if (weaver.covers(className)
        && (classBeingRedefined == null || wasWovenAtLoad(loader, className))) {
      try {
        byte[] woven = weaver.weave(className, classfileBuffer);
        if (woven != null) {
          addReadEdge(module);
          rememberWoven(loader, className);
        }
        return woven;
      } catch (Throwable t) {
        // Byte Buddy's advice below does the same, at a higher start-up cost.
        AgentLog.debug("hooking " + className + " failed, Byte Buddy's advice applies: " + t);
      }
    }
    try {
      ClassFileTransformer delegate = adviceTransformer(className);
      if (delegate == null) {
        return null;
      }
      addReadEdge(module);
      return delegate.transform(
          module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
    } catch (Throwable t) {
      AgentLog.rateLimited(
          AgentLog.Level.WARN,
          "transform-failed",
          "instrumenting " + className + " failed, it stays untraced: " + t);
      return null;
    }
  }

  /**
   * Returns Byte Buddy's transformer, building it on first use, or null if building failed or is in
   * progress on this thread. A class selected while this thread builds (Byte Buddy loading a JDK
   * class that a module instruments) is remembered and retransformed once the build is done.
   */
  private ClassFileTransformer adviceTransformer(String className) {
    ClassFileTransformer delegate = adviceTransformer;
    if (delegate != null || buildFailed) {
      return delegate;
    }
    List<String> missed;
    synchronized (lock) {
      if (adviceTransformer != null || buildFailed) {
        return adviceTransformer;
      }
      if (buildingThread == Thread.currentThread()) {
        if (className != null) {
          selectedWhileBuilding.add(className.replace('/', '.'));
        }
        return null;
      }
      buildingThread = Thread.currentThread();
      long start = System.nanoTime();
      try {
        adviceTransformer = factory.build();
        AgentLog.debug(
            "advice transformer built in "
                + (System.nanoTime() - start) / 1_000_000
                + " ms, on the first selected class: "
                + (className == null ? "none" : className.replace('/', '.')));
      } catch (Throwable t) {
        buildFailed = true;
        AgentLog.error("building the instrumentation failed, the application runs untraced", t);
      } finally {
        buildingThread = null;
      }
      missed = new ArrayList<>(selectedWhileBuilding);
      selectedWhileBuilding.clear();
    }
    if (!missed.isEmpty() && adviceTransformer != null) {
      retransformLater(missed);
    }
    return adviceTransformer;
  }

  /**
   * Retransforms the named classes on a new daemon thread: this thread may be in the middle of
   * loading a class, and the JVM cannot retransform the class being loaded.
   */
  private void retransformLater(List<String> classNames) {
    Thread thread =
        new Thread(
            () -> {
              try {
                retransform(LoadedClasses.named(instrumentation, classNames));
              } catch (Throwable t) {
                AgentLog.warn("retransforming " + classNames + " failed, they stay untraced", t);
              }
            },
            "langfuse-agent-retransform");
    thread.setDaemon(true);
    thread.start();
  }

  private boolean wasChangedAtDefine(ClassLoader loader, String className) {
    synchronized (changedAtDefine) {
      Set<String> names = changedAtDefine.get(loader);
      return names != null && names.contains(className);
    }
  }

  /**
   * Returns the module that the class with this internal name joins when {@code loader} defines it:
   * a named module of the boot layer that contains its package, or else the loader's unnamed
   * module. Only a named module needs a read edge to the bridge.
   *
   * <p>NOTE: a named module of a layer other than the boot layer is taken for the unnamed module
   * here, so it gets no read edge. The calls to the bridge in its classes then fail to link, which
   * the hooks' exception handlers catch, and the class stays untraced.
   */
  private static Module moduleOf(ClassLoader loader, String internalName) {
    int lastSlash = internalName.lastIndexOf('/');
    if (loader != null && lastSlash > 0) {
      String packageName = internalName.substring(0, lastSlash).replace('/', '.');
      for (Module candidate : ModuleLayer.boot().modules()) {
        if (candidate.getClassLoader() == loader && candidate.getPackages().contains(packageName)) {
          return candidate;
        }
      }
    }
    return loader == null ? null : loader.getUnnamedModule();
  }

  private boolean wasWovenAtLoad(ClassLoader loader, String className) {
    synchronized (wovenAtLoad) {
      Set<String> names = wovenAtLoad.get(loader);
      return names != null && names.contains(className);
    }
  }

  private void rememberWoven(ClassLoader loader, String className) {
    synchronized (wovenAtLoad) {
      wovenAtLoad.computeIfAbsent(loader, key -> new HashSet<>()).add(className);
    }
  }

  /** Lets a named module read the bridge's module, which the inlined advice calls. */
  private void addReadEdge(Module module) {
    if (module == null || !module.isNamed() || module.canRead(bridgeModule)) {
      return;
    }
    instrumentation.redefineModule(
        module, Set.of(bridgeModule), Map.of(), Map.of(), Set.of(), Map.of());
  }
}
