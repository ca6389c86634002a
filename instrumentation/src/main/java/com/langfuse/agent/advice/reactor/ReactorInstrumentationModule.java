package com.langfuse.agent.advice.reactor;

import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.isTypeInitializer;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import com.langfuse.agent.advice.InstrumentationModule;
import com.langfuse.agent.advice.MethodHook;
import com.langfuse.agent.advice.TypeInstrumentation;
import com.langfuse.agent.advice.TypeSelector;
import java.util.List;

/**
 * Carries the current span through Project Reactor pipelines, so LLM calls made in operators become
 * children of the span that subscribed, on whatever thread the operator runs.
 *
 * <p>Two pieces work together. The static initializer of {@code reactor.core.publisher.Hooks}
 * registers an operator hook that keeps each subscription's span current while its signals run (on
 * Netty event loops, scheduler threads or any other thread) and stores the span in the subscriber
 * context. {@code Schedulers.onSchedule(Runnable)}, which the thread-pool schedulers of {@code
 * Schedulers} (parallel, single, bounded elastic, from an executor) call for each task, wraps the
 * task to run under the span current when it was scheduled. That covers the work that {@code
 * subscribeOn} moves to another thread.
 */
public final class ReactorInstrumentationModule implements InstrumentationModule {

  public static final String HOOKS_HANDLER =
      "com.langfuse.agent.instrumentation.reactor.ReactorHooks";

  @Override
  public String name() {
    return "reactor";
  }

  private static final String HOOKS = "reactor.core.publisher.Hooks";
  private static final String SCHEDULERS = "reactor.core.scheduler.Schedulers";
  private static final String TASK_CONTEXT = "com/langfuse/agent/bootstrap/trace/TaskContext";

  @Override
  public List<TypeSelector> typeSelectors() {
    return TypeSelector.allNamed(HOOKS, SCHEDULERS);
  }

  /**
   * Returns hooks that make the calls of {@link HooksAdvice} and {@link ScheduleAdvice} as the
   * classes load, without Byte Buddy.
   */
  @Override
  public List<MethodHook> methodHooks() {
    String wrap = "(Ljava/lang/Runnable;)Ljava/lang/Runnable;";
    return List.of(
        MethodHook.afterTypeInitializer(HOOKS, HOOKS_HANDLER, 0),
        MethodHook.replaceArgument(SCHEDULERS, "onSchedule", wrap, 0, TASK_CONTEXT, "wrap", wrap));
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        TypeInstrumentation.named(HOOKS).advise(isTypeInitializer(), HooksAdvice.class.getName()),
        TypeInstrumentation.named(SCHEDULERS)
            .advise(
                isMethod()
                    .and(named("onSchedule"))
                    .and(isStatic())
                    .and(takesArguments(1))
                    .and(takesArgument(0, Runnable.class)),
                ScheduleAdvice.class.getName()));
  }
}
