package com.langfuse.agent.internal;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import com.langfuse.agent.advice.InstrumentationModule;
import com.langfuse.agent.advice.TypeInstrumentation;
import com.langfuse.agent.advice.methods.MethodsInstrumentationModule;
import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.bridge.Bridge;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.utility.JavaModule;

/**
 * Builds Byte Buddy's transformer with the advice of the enabled modules. The only class of the
 * installer that refers to Byte Buddy types, so Byte Buddy loads when this class is first used and
 * not before.
 */
final class AdviceTransformers {

  private AdviceTransformers() {}

  /**
   * Returns a transformer with the advice of every type instrumentation of {@code modules}, not
   * registered with the JVM: the {@link SelectingTransformer} calls it for the classes it selects.
   */
  static ClassFileTransformer build(List<InstrumentationModule> modules) {
    return withAdvice(baseBuilder(), modules).makeRaw();
  }

  /**
   * Registers a transformer with the advice of {@code modules} for every class, and retransforms
   * the loaded classes it matches. For an agent attached to a running JVM, whose libraries are
   * already loaded: their classes never pass through a transformer again, so selecting by class
   * file is of no use there. Each transformed class's module is made to read the bridge's module,
   * which the inlined advice calls.
   */
  static void installForLoadedClasses(
      Instrumentation instrumentation, List<InstrumentationModule> modules) {
    withAdvice(baseBuilder(), modules)
        .assureReadEdgeTo(instrumentation, Bridge.class)
        .installOn(instrumentation);
  }

  // NOTE: on Java 24 and later the JVM prints a warning about sun.misc.Unsafe to standard error
  // when this runs: AgentBuilder.Default's constructor creates a self-injection strategy that
  // touches Unsafe, and disableClassFormatChanges replaces it only afterwards. The constructor
  // that takes every strategy needs a type that Byte Buddy 1.18 keeps protected.
  private static AgentBuilder baseBuilder() {
    return new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(AgentBuilder.TypeStrategy.Default.DECORATE)
        .with(AgentBuilder.DescriptionStrategy.Default.POOL_FIRST)
        .with(new LoggingListener())
        .ignore(
            nameStartsWith("net.bytebuddy.")
                .or(nameStartsWith("com.langfuse.agent."))
                .or(nameStartsWith("jdk.internal."))
                .or(isSynthetic()));
  }

  /**
   * Adds the advice of {@code modules}. Byte Buddy applies every transformation that matches a
   * class, and the advice added first runs outermost. The methods module goes first: a method
   * named in {@code LANGFUSE_TRACE_METHODS} that another module also advises (an OpenAI service
   * method, {@code ThreadPoolExecutor.execute}) then has its span current around that advice, so
   * the generation, or the task's captured span, is its child.
   */
  private static AgentBuilder withAdvice(
      AgentBuilder builder, List<InstrumentationModule> modules) {
    ClassLoader adviceLoader = AdviceTransformers.class.getClassLoader();
    for (InstrumentationModule module : outermostFirst(modules)) {
      for (TypeInstrumentation type : module.typeInstrumentations()) {
        AgentBuilder.Transformer.ForAdvice transformer =
            new AgentBuilder.Transformer.ForAdvice().include(adviceLoader);
        for (TypeInstrumentation.MethodAdvice advice : type.advice()) {
          transformer = transformer.advice(advice.methods(), advice.adviceClassName());
        }
        builder = builder.type(type.typeMatcher()).transform(transformer);
      }
    }
    return builder;
  }

  static List<InstrumentationModule> outermostFirst(List<InstrumentationModule> modules) {
    List<InstrumentationModule> ordered = new ArrayList<>();
    for (InstrumentationModule module : modules) {
      if (module instanceof MethodsInstrumentationModule) {
        ordered.add(module);
      }
    }
    for (InstrumentationModule module : modules) {
      if (!(module instanceof MethodsInstrumentationModule)) {
        ordered.add(module);
      }
    }
    return ordered;
  }

  /**
   * Logs each transformation and each failure at DEBUG, without throwing. Most failures are classes
   * without a class file (proxies, hidden classes) that no module wants, so WARN would be noise. A
   * library whose helper cannot link is reported by the Bridge instead.
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
