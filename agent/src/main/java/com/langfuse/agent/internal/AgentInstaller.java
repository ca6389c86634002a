package com.langfuse.agent.internal;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import com.langfuse.agent.advice.InstrumentationModule;
import com.langfuse.agent.advice.InstrumentationModules;
import com.langfuse.agent.advice.TypeInstrumentation;
import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.bridge.Bridge;
import com.langfuse.agent.bootstrap.config.AgentConfig;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.utility.JavaModule;

/** Installs one Byte Buddy transformer with the advice of every enabled instrumentation module. */
final class AgentInstaller {

  private AgentInstaller() {}

  /**
   * Installs the transformer and returns the names of the enabled modules. Classes loaded before
   * this call are retransformed only when the agent was attached to a running JVM: at premain,
   * none of the instrumented libraries is loaded yet, and scanning every loaded class costs
   * start-up time for nothing. The exception is the few JDK classes that modules name, in {@link
   * InstrumentationModule#preloadedJdkTypes()} or with {@link TypeInstrumentation#jdkClass}, which
   * premain retransforms by name.
   */
  static List<String> install(
      Instrumentation instrumentation, AgentConfig config, boolean attachedLate) {
    ClassLoader adviceLoader = AgentInstaller.class.getClassLoader();
    // Each module's type instrumentations are built once: building them may parse configuration
    // and warn about it.
    List<InstrumentationModule> modules = InstrumentationModules.all();
    Map<InstrumentationModule, List<TypeInstrumentation>> types = new LinkedHashMap<>();
    for (InstrumentationModule module : modules) {
      if (config.isInstrumentationEnabled(module.name())) {
        types.put(module, module.typeInstrumentations());
      }
    }
    List<Class<?>> preloaded = preloadedJdkTypes(instrumentation, config);
    preloaded.addAll(namedJdkClasses(instrumentation, types));
    AgentBuilder builder =
        new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
            .disableClassFormatChanges();
    if (attachedLate) {
      builder = builder.with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
    } else if (!preloaded.isEmpty()) {
      builder =
          builder
              .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
              .redefineOnly(preloaded.toArray(new Class<?>[0]));
    } else {
      builder = builder.with(AgentBuilder.RedefinitionStrategy.DISABLED);
    }
    builder =
        builder
            .with(AgentBuilder.TypeStrategy.Default.DECORATE)
            .with(AgentBuilder.DescriptionStrategy.Default.POOL_FIRST)
            .with(new LoggingListener())
            .ignore(
                nameStartsWith("net.bytebuddy.")
                    .or(nameStartsWith("com.langfuse.agent."))
                    .or(nameStartsWith("jdk.internal."))
                    .or(isSynthetic()));

    List<String> enabled = new ArrayList<>();
    for (InstrumentationModule module : modules) {
      if (!config.isInstrumentationEnabled(module.name())) {
        AgentLog.info("instrumentation " + module.name() + " is switched off by configuration");
        continue;
      }
      for (TypeInstrumentation type : types.get(module)) {
        AgentBuilder.Transformer.ForAdvice transformer =
            new AgentBuilder.Transformer.ForAdvice().include(adviceLoader);
        for (TypeInstrumentation.MethodAdvice advice : type.advice()) {
          transformer = transformer.advice(advice.methods(), advice.adviceClassName());
        }
        builder = builder.type(type.typeMatcher()).transform(transformer);
      }
      enabled.add(module.name());
    }
    builder.installOn(instrumentation);
    return enabled;
  }

  /**
   * Returns the JDK classes that enabled modules mark with {@link TypeInstrumentation#jdkClass},
   * looked up by name without initializing them, which costs far less than scanning every loaded
   * class. A class this JDK lacks is skipped. Their modules are made to read the bootstrap class
   * loader's unnamed module, as in {@link #preloadedJdkTypes}.
   */
  private static List<Class<?>> namedJdkClasses(
      Instrumentation instrumentation, Map<InstrumentationModule, List<TypeInstrumentation>> types) {
    List<Class<?>> classes = new ArrayList<>();
    for (List<TypeInstrumentation> moduleTypes : types.values()) {
      for (TypeInstrumentation type : moduleTypes) {
        String name = type.jdkClassName();
        if (name == null) {
          continue;
        }
        try {
          classes.add(Class.forName(name, false, null));
        } catch (ClassNotFoundException | LinkageError e) {
          AgentLog.debug("JDK class " + name + " not found, it stays uninstrumented");
        }
      }
    }
    Module bridgeModule = Bridge.class.getModule();
    for (Class<?> type : classes) {
      instrumentation.redefineModule(
          type.getModule(), Set.of(bridgeModule), Map.of(), Map.of(), Set.of(), Map.of());
    }
    return classes;
  }

  /**
   * Returns the JDK classes that enabled modules instrument, and lets their modules read the
   * bootstrap class loader's unnamed module: advice inlined into {@code java.base} calls the
   * {@link Bridge}, and a named module reads no unnamed module unless told to.
   */
  private static List<Class<?>> preloadedJdkTypes(
      Instrumentation instrumentation, AgentConfig config) {
    List<Class<?>> types = new ArrayList<>();
    for (InstrumentationModule module : InstrumentationModules.all()) {
      if (config.isInstrumentationEnabled(module.name())) {
        types.addAll(module.preloadedJdkTypes());
      }
    }
    Module bridgeModule = Bridge.class.getModule();
    for (Class<?> type : types) {
      instrumentation.redefineModule(
          type.getModule(), Set.of(bridgeModule), Map.of(), Map.of(), Set.of(), Map.of());
    }
    return types;
  }

  /**
   * Logs each transformation and each failure at DEBUG, without throwing. Most failures are
   * classes without a class file (proxies, hidden classes) that no module wants, so WARN would be
   * noise. A library whose helper cannot link is reported by the Bridge instead.
   */
  private static final class LoggingListener extends AgentBuilder.Listener.Adapter {
    @Override
    public void onTransformation(
        TypeDescription type,
        ClassLoader loader,
        JavaModule module,
        boolean loaded,
        DynamicType dynamicType) {
      if (AgentLog.isDebugEnabled()) {
        AgentLog.debug("instrumented " + type.getName());
      }
    }

    @Override
    public void onError(
        String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
      if (AgentLog.isDebugEnabled()) {
        AgentLog.debug("instrumenting " + typeName + " failed, it stays untraced", error);
      }
    }
  }
}
