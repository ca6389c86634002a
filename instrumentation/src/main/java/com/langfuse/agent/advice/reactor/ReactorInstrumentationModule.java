package com.langfuse.agent.advice.reactor;

import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.isTypeInitializer;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import com.langfuse.agent.advice.InstrumentationModule;
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

  @Override
  public List<TypeSelector> typeSelectors() {
    return TypeSelector.allNamed(
        "reactor.core.publisher.Hooks", "reactor.core.scheduler.Schedulers");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        TypeInstrumentation.named("reactor.core.publisher.Hooks")
            .advise(isTypeInitializer(), HooksAdvice.class.getName()),
        TypeInstrumentation.named("reactor.core.scheduler.Schedulers")
            .advise(
                isMethod()
                    .and(named("onSchedule"))
                    .and(isStatic())
                    .and(takesArguments(1))
                    .and(takesArgument(0, Runnable.class)),
                ScheduleAdvice.class.getName()));
  }
}
