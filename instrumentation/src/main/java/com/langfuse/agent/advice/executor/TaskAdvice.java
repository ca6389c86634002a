package com.langfuse.agent.advice.executor;

import com.langfuse.agent.bootstrap.trace.TaskContext;
import java.util.Collection;
import java.util.concurrent.Callable;
import net.bytebuddy.asm.Advice;

/**
 * Advice that replaces a submitted task with one that runs under the current span. It is inlined
 * into JDK classes, which see only the bootstrap class path, so it calls only {@link TaskContext}.
 */
public final class TaskAdvice {

  private TaskAdvice() {}

  /** Wraps the {@code Runnable} first argument. */
  public static final class WrapRunnable {

    private WrapRunnable() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
      task = TaskContext.wrap(task);
    }
  }

  /** Wraps the {@code Runnable} first argument of a {@code ForkJoinPool} method. */
  public static final class WrapForkJoinRunnable {

    private WrapForkJoinRunnable() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
      task = TaskContext.wrapForkJoin(task);
    }
  }

  /** Wraps the {@code Callable} first argument. */
  public static final class WrapCallable {

    private WrapCallable() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(value = 0, readOnly = false) Callable<?> task) {
      task = TaskContext.wrap(task);
    }
  }

  /** Wraps each {@code Callable} of the collection first argument. */
  public static final class WrapCallables {

    private WrapCallables() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Argument(value = 0, readOnly = false) Collection<?> tasks) {
      tasks = TaskContext.wrapAll(tasks);
    }
  }
}
