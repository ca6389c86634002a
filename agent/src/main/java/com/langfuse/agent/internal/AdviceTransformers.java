package com.langfuse.agent.internal;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import com.langfuse.agent.advice.InstrumentationModule;
import com.langfuse.agent.advice.TypeInstrumentation;
import com.langfuse.agent.advice.methods.MethodsInstrumentationModule;
import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.bridge.Bridge;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
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

  private static AgentBuilder baseBuilder() {
    return quietDefault(new ByteBuddy().with(TypeValidation.DISABLED))
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
   * class, and the advice added first runs outermost. The methods module goes first: a method named
   * in {@code LANGFUSE_TRACE_METHODS} that another module also advises (an OpenAI service method,
   * {@code ThreadPoolExecutor.execute}) then has its span current around that advice, so the
   * generation, or the task's captured span, is its child.
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

  /**
   * Returns Byte Buddy's agent builder as {@code new AgentBuilder.Default(byteBuddy)} makes it,
   * except that it starts with no initialization strategy. The public constructor creates a
   * self-injection strategy, whose set-up reaches for {@code sun.misc.Unsafe} where reflection
   * cannot inject, as on Java 24 and later, and the JVM then prints four warnings about it on the
   * application's standard error. {@code disableClassFormatChanges} drops that strategy anyway. The
   * constructor that takes every strategy is protected, and three of its parameter types are too,
   * so it is called through reflection. If that fails, the public constructor is used.
   */
  static AgentBuilder quietDefault(ByteBuddy byteBuddy) {
    try {
      Constructor<AgentBuilder.Default> constructor =
          AgentBuilder.Default.class.getDeclaredConstructor(EVERY_STRATEGY);
      constructor.setAccessible(true);
      return constructor.newInstance(
          byteBuddy,
          AgentBuilder.Listener.NoOp.INSTANCE,
          new AgentBuilder.CircularityLock.Default(),
          AgentBuilder.PoolStrategy.Default.FAST,
          AgentBuilder.TypeStrategy.Default.REBASE,
          AgentBuilder.LocationStrategy.ForClassLoader.STRONG,
          ClassFileLocator.NoOp.INSTANCE,
          constant(NATIVE_METHOD_STRATEGY + "$Disabled"),
          constant(WARMUP_STRATEGY + "$NoOp"),
          AgentBuilder.TransformerDecorator.NoOp.INSTANCE,
          AgentBuilder.InitializationStrategy.NoOp.INSTANCE,
          AgentBuilder.RedefinitionStrategy.DISABLED,
          AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.SinglePass.INSTANCE,
          AgentBuilder.RedefinitionStrategy.BatchAllocator.ForTotal.INSTANCE,
          AgentBuilder.RedefinitionStrategy.Listener.NoOp.INSTANCE,
          constant(RESUBMISSION_STRATEGY + "$Disabled"),
          AgentBuilder.InjectionStrategy.UsingReflection.INSTANCE,
          AgentBuilder.LambdaInstrumentationStrategy.DISABLED,
          AgentBuilder.DescriptionStrategy.Default.HYBRID,
          AgentBuilder.FallbackStrategy.ByThrowableType.ofOptionalTypes(),
          AgentBuilder.ClassFileBufferStrategy.Default.RETAINING,
          AgentBuilder.InstallationListener.NoOp.INSTANCE,
          // Replaced by the caller's own ignore matcher.
          new AgentBuilder.RawMatcher.ForElementMatchers(any()),
          Collections.emptyList());
    } catch (ReflectiveOperationException | RuntimeException e) {
      AgentLog.debug("building Byte Buddy's agent builder the public way: " + e);
      return new AgentBuilder.Default(byteBuddy);
    }
  }

  private static final String BUILDER = "net.bytebuddy.agent.builder.AgentBuilder";
  private static final String NATIVE_METHOD_STRATEGY = BUILDER + "$Default$NativeMethodStrategy";
  private static final String WARMUP_STRATEGY = BUILDER + "$Default$WarmupStrategy";
  private static final String RESUBMISSION_STRATEGY =
      BUILDER + "$RedefinitionStrategy$ResubmissionStrategy";

  /** The parameter types of the constructor of {@code AgentBuilder.Default} that takes them all. */
  private static final Class<?>[] EVERY_STRATEGY = everyStrategy();

  private static Class<?>[] everyStrategy() {
    try {
      return new Class<?>[] {
        ByteBuddy.class,
        AgentBuilder.Listener.class,
        AgentBuilder.CircularityLock.class,
        AgentBuilder.PoolStrategy.class,
        AgentBuilder.TypeStrategy.class,
        AgentBuilder.LocationStrategy.class,
        ClassFileLocator.class,
        type(NATIVE_METHOD_STRATEGY),
        type(WARMUP_STRATEGY),
        AgentBuilder.TransformerDecorator.class,
        AgentBuilder.InitializationStrategy.class,
        AgentBuilder.RedefinitionStrategy.class,
        AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.class,
        AgentBuilder.RedefinitionStrategy.BatchAllocator.class,
        AgentBuilder.RedefinitionStrategy.Listener.class,
        type(RESUBMISSION_STRATEGY),
        AgentBuilder.InjectionStrategy.class,
        AgentBuilder.LambdaInstrumentationStrategy.class,
        AgentBuilder.DescriptionStrategy.class,
        AgentBuilder.FallbackStrategy.class,
        AgentBuilder.ClassFileBufferStrategy.class,
        AgentBuilder.InstallationListener.class,
        AgentBuilder.RawMatcher.class,
        List.class
      };
    } catch (ClassNotFoundException e) {
      // getDeclaredConstructor then fails, and quietDefault takes the public constructor.
      return new Class<?>[0];
    }
  }

  private static Class<?> type(String name) throws ClassNotFoundException {
    return Class.forName(name, false, AgentBuilder.class.getClassLoader());
  }

  /** Returns the {@code INSTANCE} constant of the enum {@code name}. */
  private static Object constant(String name) throws ReflectiveOperationException {
    return type(name).getField("INSTANCE").get(null);
  }
}
