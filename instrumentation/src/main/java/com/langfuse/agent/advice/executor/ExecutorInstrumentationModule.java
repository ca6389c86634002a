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
import java.util.List;
import java.util.concurrent.Callable;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Carries the current span into tasks run by the JDK's executors, so LLM calls made on a pool
 * thread become children of the span that submitted the task.
 *
 * <p>Covered: {@code ThreadPoolExecutor.execute}, which its {@code submit} and {@code invokeAll}
 * methods call; {@code ForkJoinPool.execute} and {@code submit}, which also run the async methods
 * of {@code CompletableFuture} on the common pool; and the thread-per-task executor that {@code
 * CompletableFuture} uses instead when the common pool has a parallelism of one (two or fewer
 * CPUs). These are JDK classes that may be loaded before the agent starts, so the installer
 * retransforms them.
 *
 * <p>NOTE: {@code ScheduledThreadPoolExecutor}, {@code new Thread(..).start()} and Reactor
 * schedulers are not covered.
 */
public final class ExecutorInstrumentationModule implements InstrumentationModule {

  private static final String THREAD_POOL = "java.util.concurrent.ThreadPoolExecutor";
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
    return TypeSelector.allNamed(THREAD_POOL, FORK_JOIN_POOL, THREAD_PER_TASK);
  }

  /**
   * Returns hooks that make the calls of {@link TaskAdvice} as classes load, without Byte Buddy.
   */
  @Override
  public List<MethodHook> methodHooks() {
    String runnable = "java.lang.Runnable";
    String callable = "java.util.concurrent.Callable";
    String forkJoinTask = "java.util.concurrent.ForkJoinTask";
    return List.of(
        wrap(THREAD_POOL, "execute", "void", "wrap", runnable),
        wrap(FORK_JOIN_POOL, "execute", "void", "wrapForkJoin", runnable),
        wrap(FORK_JOIN_POOL, "submit", forkJoinTask, "wrapForkJoin", runnable),
        wrap(FORK_JOIN_POOL, "submit", forkJoinTask, "wrapForkJoin", runnable, "java.lang.Object"),
        wrap(FORK_JOIN_POOL, "submit", forkJoinTask, "wrap", callable),
        wrap(THREAD_PER_TASK, "execute", "void", "wrap", runnable));
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        TypeInstrumentation.named(THREAD_POOL)
            .advise(taking("execute", Runnable.class), ADVICE + "$WrapRunnable"),
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
            .advise(taking("submit", Callable.class), ADVICE + "$WrapCallable"),
        TypeInstrumentation.named(THREAD_PER_TASK)
            .advise(taking("execute", Runnable.class), ADVICE + "$WrapRunnable"));
  }

  /**
   * Hooks {@code method} so that {@code TaskContext.<hookName>} replaces its first argument, whose
   * type is the first of {@code parameterTypes}.
   */
  private static MethodHook wrap(
      String type, String method, String returnType, String hookName, String... parameterTypes) {
    String taskType = parameterTypes[0].replace('.', '/');
    return MethodHook.replaceArgument(
        type,
        method,
        MethodHook.descriptor(returnType, parameterTypes),
        0,
        TASK_CONTEXT,
        hookName,
        "(L" + taskType + ";)L" + taskType + ";");
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
