package com.langfuse.agent.advice.reactor;

import com.langfuse.agent.bootstrap.trace.TaskContext;
import net.bytebuddy.asm.Advice;

/**
 * Advice for {@code Schedulers.onSchedule(Runnable)}: replaces the task with one that runs under
 * the span current when it was scheduled and restores the worker thread's previous span after it.
 */
public final class ScheduleAdvice {

  private ScheduleAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
    task = TaskContext.wrap(task);
  }
}
