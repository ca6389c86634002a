package com.langfuse.agent.advice.methods;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import com.langfuse.agent.advice.InstrumentationModule;
import com.langfuse.agent.advice.TypeInstrumentation;
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

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    AgentConfig config = AgentRuntime.config();
    String value = config == null ? null : config.raw(TraceMethods.VARIABLE);
    TraceMethods methods = TraceMethods.parse(value);
    for (String entry : methods.malformed()) {
      AgentLog.warn(
          TraceMethods.VARIABLE
              + " entry \""
              + entry
              + "\" is invalid and skipped: write Class#method or Class[method1,method2],"
              + " entries separated by ;");
    }

    List<TypeInstrumentation> types = new ArrayList<>();
    for (Map.Entry<String, Set<String>> entry : methods.methodsByClass().entrySet()) {
      types.add(
          new TypeInstrumentation(named(entry.getKey()))
              .advise(
                  isMethod()
                      .and(namedOneOf(entry.getValue().toArray(new String[0])))
                      .and(not(isAbstract())),
                  MethodAdvice.class.getName()));
    }
    return types;
  }
}
