package com.langfuse.agent.advice.methods;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import com.langfuse.agent.advice.InstrumentationModule;
import com.langfuse.agent.advice.TypeInstrumentation;
import com.langfuse.agent.advice.TypeSelector;
import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.AgentRuntime;
import com.langfuse.agent.bootstrap.config.AgentConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Wraps the application methods named in {@code LANGFUSE_TRACE_METHODS} in spans; see {@link
 * TraceMethods} for the grammar. Without the variable, it transforms nothing.
 */
public final class MethodsInstrumentationModule implements InstrumentationModule {

  public static final String HANDLER =
      "com.langfuse.agent.instrumentation.methods.MethodSpanHandler";

  @Override
  public String name() {
    return "methods";
  }

  /** Selects the classes named in the variable, and warns once about each malformed entry. */
  @Override
  public List<TypeSelector> typeSelectors() {
    TraceMethods methods = traceMethods();
    for (String entry : methods.malformed()) {
      AgentLog.warn(
          TraceMethods.VARIABLE
              + " entry \""
              + entry
              + "\" is invalid and skipped: write Class#method or Class[method1,method2],"
              + " entries separated by ;");
    }
    List<TypeSelector> selectors = new ArrayList<>();
    for (String className : methods.methodsByClass().keySet()) {
      selectors.add(TypeSelector.named(className));
    }
    return selectors;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    List<TypeInstrumentation> types = new ArrayList<>();
    for (Map.Entry<String, Set<String>> entry : traceMethods().methodsByClass().entrySet()) {
      types.add(
          TypeInstrumentation.named(entry.getKey())
              .advise(
                  isMethod()
                      .and(namedOneOf(entry.getValue().toArray(new String[0])))
                      .and(not(isAbstract())),
                  MethodAdvice.class.getName()));
    }
    return types;
  }

  private static TraceMethods traceMethods() {
    AgentConfig config = AgentRuntime.config();
    return TraceMethods.parse(config == null ? null : config.raw(TraceMethods.VARIABLE));
  }
}
