package com.langfuse.agent.instrumentation.anthropic;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import com.langfuse.agent.advice.InstrumentationModule;
import com.langfuse.agent.advice.TypeInstrumentation;
import com.langfuse.agent.advice.anthropic.AnthropicInstrumentationModule;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Attaches Byte Buddy to the test JVM once and installs the Anthropic module's advice, as the
 * agent's installer does, so the tests run the real SDK with the real advice inlined into it.
 */
final class TestAgent {

  private static final Set<String> TRANSFORMED = ConcurrentHashMap.newKeySet();
  private static final List<String> ERRORS = new CopyOnWriteArrayList<>();
  private static boolean installed;

  private TestAgent() {}

  static synchronized void install() {
    if (installed) {
      return;
    }
    InstrumentationModule module = new AnthropicInstrumentationModule();
    ClassLoader adviceLoader = AnthropicInstrumentationModule.class.getClassLoader();
    AgentBuilder builder =
        new AgentBuilder.Default()
            .disableClassFormatChanges()
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(new RecordingListener())
            .ignore(nameStartsWith("net.bytebuddy.").or(nameStartsWith("com.langfuse.agent.")));
    for (TypeInstrumentation type : module.typeInstrumentations()) {
      AgentBuilder.Transformer.ForAdvice transformer =
          new AgentBuilder.Transformer.ForAdvice().include(adviceLoader);
      for (TypeInstrumentation.MethodAdvice advice : type.advice()) {
        transformer = transformer.advice(advice.methods(), advice.adviceClassName());
      }
      builder = builder.type(type.typeMatcher()).transform(transformer);
    }
    builder.installOn(ByteBuddyAgent.install());
    installed = true;
  }

  /** Names of the types the advice was applied to so far. */
  static Set<String> transformedTypes() {
    return Set.copyOf(TRANSFORMED);
  }

  /** Errors Byte Buddy reported while transforming; empty when all went well. */
  static List<String> errors() {
    return List.copyOf(ERRORS);
  }

  private static final class RecordingListener extends AgentBuilder.Listener.Adapter {
    @Override
    public void onTransformation(
        TypeDescription type,
        ClassLoader loader,
        JavaModule module,
        boolean loaded,
        DynamicType dynamicType) {
      TRANSFORMED.add(type.getName());
    }

    @Override
    public void onError(
        String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
      ERRORS.add(typeName + ": " + error);
    }
  }
}
