package com.langfuse.agent.advice.executor;

import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import com.langfuse.agent.advice.InstrumentationModule;
import com.langfuse.agent.advice.MethodHook;
import com.langfuse.agent.advice.TypeInstrumentation;
import com.langfuse.agent.advice.TypeSelector;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Carries the current span into tasks run by the JDK's executors, so LLM calls made on a pool
 * thread become children of the span that submitted the task.
 *
 * <p>Covered: {@code ThreadPoolExecutor.execute}, which its {@code submit} and {@code invokeAll}
 * methods call. {@code ScheduledThreadPoolExecutor.schedule} with a delay, which its {@code
 * execute} and {@code submit} call. {@code ForkJoinPool.execute}, {@code submit} and {@code
 * invokeAll}: the common pool also runs the async methods of {@code CompletableFuture}. And the
 * thread-per-task executor that {@code CompletableFuture} uses instead when the common pool has a
 * parallelism of one (two or fewer CPUs). These are JDK classes that may be loaded before the agent
 * starts, so the installer retransforms them.
 *
 * <p>NOTE: periodic tasks ({@code scheduleAtFixedRate}, {@code scheduleWithFixedDelay}) are not
 * covered, because they outlive the span that scheduled them. Neither are threads started by hand,
 * virtual-thread executors, and the {@code invokeAny} and {@code invokeAllUninterruptibly} that
 * {@code ForkJoinPool} declares from Java 19 and 22 on.
 */
public final class ExecutorInstrumentationModule implements InstrumentationModule {

  private static final String THREAD_POOL = "java.util.concurrent.ThreadPoolExecutor";
  private static final String SCHEDULED_POOL = "java.util.concurrent.ScheduledThreadPoolExecutor";
  private static final String FORK_JOIN_POOL = "java.util.concurrent.ForkJoinPool";
  private static final String THREAD_PER_TASK =
      "java.util.concurrent.CompletableFuture$ThreadPerTaskExecutor";
  private static final String ADVICE = TaskAdvice.class.getName();
  private static final String TASK_CONTEXT = "com/langfuse/agent/bootstrap/trace/TaskContext";

  @Override
  public String name() {
    return "executors";
  }

  @Override
  public List<TypeSelector> typeSelectors() {
    return TypeSelector.allNamed(THREAD_POOL, SCHEDULED_POOL, FORK_JOIN_POOL, THREAD_PER_TASK);
  }

  /**
   * Returns hooks that make the calls of {@link TaskAdvice} as classes load, without Byte Buddy.
   */
  @Override
  public List<MethodHook> methodHooks() {
    String runnable = "java.lang.Runnable";
    String callable = "java.util.concurrent.Callable";
    String forkJoinTask = "java.util.concurrent.ForkJoinTask";
    String delayed = "JLjava/util/concurrent/TimeUnit;)Ljava/util/concurrent/ScheduledFuture;";
    return List.of(
        wrap(THREAD_POOL, "execute", "void", "wrap", runnable),
        wrapDescribed(
            SCHEDULED_POOL, "schedule", "(Ljava/lang/Runnable;" + delayed, "wrap", runnable),
        wrapDescribed(
            SCHEDULED_POOL,
            "schedule",
            "(Ljava/util/concurrent/Callable;" + delayed,
            "wrap",
            callable),
        wrap(FORK_JOIN_POOL, "execute", "void", "wrapForkJoin", runnable),
        wrap(FORK_JOIN_POOL, "submit", forkJoinTask, "wrapForkJoin", runnable),
        wrap(FORK_JOIN_POOL, "submit", forkJoinTask, "wrapForkJoin", runnable, "java.lang.Object"),
        wrap(FORK_JOIN_POOL, "submit", forkJoinTask, "wrap", callable),
        wrap(FORK_JOIN_POOL, "invokeAll", "java.util.List", "wrapAll", "java.util.Collection"),
        wrapDescribed(
            FORK_JOIN_POOL,
            "invokeAll",
            "(Ljava/util/Collection;JLjava/util/concurrent/TimeUnit;)Ljava/util/List;",
            "wrapAll",
            "java.util.Collection"),
        wrap(THREAD_PER_TASK, "execute", "void", "wrap", runnable));
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        TypeInstrumentation.named(THREAD_POOL)
            .advise(taking("execute", Runnable.class), ADVICE + "$WrapRunnable"),
        TypeInstrumentation.named(SCHEDULED_POOL)
            .advise(delayed(Runnable.class), ADVICE + "$WrapRunnable")
            .advise(delayed(Callable.class), ADVICE + "$WrapCallable"),
        TypeInstrumentation.named(FORK_JOIN_POOL)
            .advise(taking("execute", Runnable.class), ADVICE + "$WrapForkJoinRunnable")
            .advise(taking("submit", Runnable.class), ADVICE + "$WrapForkJoinRunnable")
            .advise(
                isMethod()
                    .and(named("submit"))
                    .and(isPublic())
                    .and(takesArguments(2))
                    .and(takesArgument(0, Runnable.class)),
                ADVICE + "$WrapForkJoinRunnable")
            .advise(taking("submit", Callable.class), ADVICE + "$WrapCallable")
            .advise(taking("invokeAll", Collection.class), ADVICE + "$WrapCallables")
            .advise(
                isMethod()
                    .and(named("invokeAll"))
                    .and(isPublic())
                    .and(takesArguments(3))
                    .and(takesArgument(0, Collection.class)),
                ADVICE + "$WrapCallables"),
        TypeInstrumentation.named(THREAD_PER_TASK)
            .advise(taking("execute", Runnable.class), ADVICE + "$WrapRunnable"));
  }

  /**
   * Hooks {@code method} so that {@code TaskContext.<hookName>} replaces its first argument, whose
   * type is the first of {@code parameterTypes}.
   */
  private static MethodHook wrap(
      String type, String method, String returnType, String hookName, String... parameterTypes) {
    return wrapDescribed(
        type,
        method,
        MethodHook.descriptor(returnType, parameterTypes),
        hookName,
        parameterTypes[0]);
  }

  /**
   * Hooks the method with this {@code descriptor} so that {@code TaskContext.<hookName>} replaces
   * its first argument, of type {@code taskType}.
   */
  private static MethodHook wrapDescribed(
      String type, String method, String descriptor, String hookName, String taskType) {
    String task = taskType.replace('.', '/');
    return MethodHook.replaceArgument(
        type, method, descriptor, 0, TASK_CONTEXT, hookName, "(L" + task + ";)L" + task + ";");
  }

  /** Matches {@code public schedule(<task>, long, TimeUnit)}. */
  private static ElementMatcher<MethodDescription> delayed(Class<?> task) {
    return isMethod()
        .and(named("schedule"))
        .and(isPublic())
        .and(takesArguments(3))
        .and(takesArgument(0, task))
        .and(takesArgument(1, long.class))
        .and(takesArgument(2, TimeUnit.class));
  }

  /** Matches {@code public <name>(<parameter>)}. */
  private static ElementMatcher<MethodDescription> taking(String name, Class<?> parameter) {
    return isMethod()
        .and(named(name))
        .and(isPublic())
        .and(takesArguments(1))
        .and(takesArgument(0, parameter));
  }
}
