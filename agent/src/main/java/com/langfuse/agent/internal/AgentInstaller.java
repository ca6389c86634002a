package com.langfuse.agent.internal;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import com.langfuse.agent.advice.InstrumentationModule;
import com.langfuse.agent.advice.InstrumentationModules;
import com.langfuse.agent.advice.TypeInstrumentation;
import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.config.AgentConfig;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
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
   * start-up time for nothing.
   */
  static List<String> install(
      Instrumentation instrumentation, AgentConfig config, boolean attachedLate) {
    ClassLoader adviceLoader = AgentInstaller.class.getClassLoader();
    AgentBuilder builder =
        new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
            .disableClassFormatChanges()
            .with(
                attachedLate
                    ? AgentBuilder.RedefinitionStrategy.RETRANSFORMATION
                    : AgentBuilder.RedefinitionStrategy.DISABLED)
            .with(AgentBuilder.TypeStrategy.Default.DECORATE)
            .with(AgentBuilder.DescriptionStrategy.Default.POOL_FIRST)
            .with(new LoggingListener())
            .ignore(
                nameStartsWith("net.bytebuddy.")
                    .or(nameStartsWith("com.langfuse.agent."))
                    .or(nameStartsWith("jdk.internal."))
                    .or(isSynthetic()));

    List<String> enabled = new ArrayList<>();
    List<String> jdkClassNames = new ArrayList<>();
    for (InstrumentationModule module : InstrumentationModules.all()) {
      if (!config.isInstrumentationEnabled(module.name())) {
        AgentLog.info("instrumentation " + module.name() + " is switched off by configuration");
        continue;
      }
      for (TypeInstrumentation type : module.typeInstrumentations()) {
        AgentBuilder.Transformer.ForAdvice transformer =
            new AgentBuilder.Transformer.ForAdvice().include(adviceLoader);
        for (TypeInstrumentation.MethodAdvice advice : type.advice()) {
          transformer = transformer.advice(advice.methods(), advice.adviceClassName());
        }
        builder = builder.type(type.typeMatcher()).transform(transformer);
        if (type.jdkClassName() != null) {
          jdkClassNames.add(type.jdkClassName());
        }
      }
      enabled.add(module.name());
    }
    if (!attachedLate && !jdkClassNames.isEmpty()) {
      builder = retransformJdkClasses(builder, jdkClassNames);
    }
    builder.installOn(instrumentation);
    return enabled;
  }

  /**
   * Makes the builder retransform the named JDK classes, which premain may find loaded already.
   * Each is looked up by name without initializing it, which costs far less than scanning every
   * loaded class; a class this JDK lacks is skipped.
   */
  private static AgentBuilder retransformJdkClasses(AgentBuilder builder, List<String> classNames) {
    List<Class<?>> classes = new ArrayList<>();
    for (String name : classNames) {
      try {
        classes.add(Class.forName(name, false, null));
      } catch (ClassNotFoundException | LinkageError e) {
        AgentLog.debug("JDK class " + name + " not found, it stays uninstrumented");
      }
    }
    Class<?>[] loaded = classes.toArray(new Class<?>[0]);
    return builder
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(new AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Explicit(loaded));
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
