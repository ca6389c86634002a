package com.langfuse.agent.instrumentation.genai;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import com.langfuse.agent.advice.InstrumentationModule;
import com.langfuse.agent.advice.TypeInstrumentation;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.utility.JavaModule;

/**
 * Attaches Byte Buddy to the test JVM and installs one instrumentation module's advice, once per
 * module, as the agent's installer does, so a test runs the real library with the real advice
 * inlined into it.
 */
public final class ModuleTestAgent {

  private static final Set<String> INSTALLED = ConcurrentHashMap.newKeySet();
  private static final List<String> ERRORS = new CopyOnWriteArrayList<>();

  private ModuleTestAgent() {}

  /** Installs {@code module}'s advice unless an earlier call installed it. */
  public static synchronized void install(InstrumentationModule module) {
    if (!INSTALLED.add(module.name())) {
      return;
    }
    ClassLoader adviceLoader = module.getClass().getClassLoader();
    AgentBuilder builder =
        new AgentBuilder.Default()
            .disableClassFormatChanges()
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(new ErrorListener())
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
  }

  /** Errors Byte Buddy reported while transforming; empty when all went well. */
  public static List<String> errors() {
    return List.copyOf(ERRORS);
  }

  private static final class ErrorListener extends AgentBuilder.Listener.Adapter {
    @Override
    public void onError(
        String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
      ERRORS.add(typeName + ": " + error);
    }
  }
}
