package com.langfuse.agent.advice.process;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import com.langfuse.agent.advice.InstrumentationModule;
import com.langfuse.agent.advice.MethodHook;
import com.langfuse.agent.advice.TypeInstrumentation;
import com.langfuse.agent.advice.TypeSelector;
import java.util.List;

/**
 * Child processes started through {@link ProcessBuilder}, which {@link Runtime#exec} also uses: one
 * span per process, and the W3C trace context passed to the child in its environment.
 *
 * <p>The advice goes on the private {@code start(Redirect[])}, through which both {@code start()}
 * and {@code startPipeline} pass in JDK 17 to 25. A JDK without that method is left untouched.
 * {@code ProcessBuilder} is loaded by the bootstrap class loader. When it loads after premain (a
 * plain JDK 17 loads it only on first use), a {@link MethodHook} applies; when another agent or the
 * launcher loaded it before, the installer retransforms it with the Byte Buddy advice. The handler
 * is defined by the helper loader whose parent is the bootstrap loader: it may use only JDK and
 * agent bootstrap classes.
 */
public final class ProcessInstrumentationModule implements InstrumentationModule {

  /** The helper class the advice calls through the bridge. */
  public static final String HANDLER =
      "com.langfuse.agent.instrumentation.process.ProcessStartHandler";

  /** The only operation of this module, passed to the handler. */
  public static final int START = 1;

  @Override
  public String name() {
    return "process";
  }

  private static final String PROCESS_BUILDER = "java.lang.ProcessBuilder";

  @Override
  public List<TypeSelector> typeSelectors() {
    return List.of(TypeSelector.named(PROCESS_BUILDER));
  }

  /**
   * Returns a hook that makes the calls of {@link ProcessStartAdvice} when {@code ProcessBuilder}
   * loads after the agent, without Byte Buddy.
   */
  @Override
  public List<MethodHook> methodHooks() {
    return List.of(
        MethodHook.bridge(
                PROCESS_BUILDER,
                "start",
                "([Ljava/lang/ProcessBuilder$Redirect;)Ljava/lang/Process;",
                HANDLER,
                START)
            .withNullRequest()
            .keepingReturned());
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        TypeInstrumentation.named(PROCESS_BUILDER)
            .advise(
                named("start")
                    .and(isPrivate())
                    .and(takesArguments(1))
                    .and(takesArgument(0, ProcessBuilder.Redirect[].class))
                    .and(returns(named("java.lang.Process"))),
                ProcessStartAdvice.class.getName()));
  }
}
