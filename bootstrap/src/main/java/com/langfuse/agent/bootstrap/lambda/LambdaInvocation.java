package com.langfuse.agent.bootstrap.lambda;

import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.AgentRuntime;
import com.langfuse.agent.bootstrap.config.AgentConfig;
import com.langfuse.agent.bootstrap.export.TaskManager;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Flushes queued spans when an AWS Lambda handler invocation ends. Lambda freezes the execution
 * environment, and with it the exporter thread, as soon as the handler returns, so spans not sent
 * by then would wait until a later invocation thaws it, or forever if none comes.
 *
 * <p>The aws-lambda advice calls {@link #enter} and {@link #exit} around {@code handleRequest} of
 * every {@code RequestHandler} and {@code RequestStreamHandler} implementation; the agent installs
 * that advice only when {@code AWS_LAMBDA_FUNCTION_NAME} is set. A handler that calls another
 * handler on the same thread flushes once, when the outermost call returns or throws.
 */
public final class LambdaInvocation {

  static final String CONTEXT_INTERFACE = "com.amazonaws.services.lambda.runtime.Context";

  /** State of a call that is the outermost handler call on its thread. */
  private static final Object OUTERMOST = new Object();

  /** State of a handler call made inside another one. */
  private static final Object NESTED = new Object();

  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  /** {@code Context.getRemainingTimeInMillis}, looked up once per context class. */
  private static final ClassValue<Optional<Method>> REMAINING_TIME =
      new ClassValue<>() {
        @Override
        protected Optional<Method> computeValue(Class<?> type) {
          return remainingTimeMethod(type);
        }
      };

  private LambdaInvocation() {}

  /**
   * Called when {@code handleRequest} starts. Returns the state to pass to {@link #exit}, or null
   * when counting failed and {@link #exit} must do nothing. Never throws.
   */
  public static Object enter() {
    try {
      int before = DEPTH.get()[0]++;
      return before == 0 ? OUTERMOST : NESTED;
    } catch (Throwable t) {
      return null;
    }
  }

  /**
   * Called when {@code handleRequest} returns or throws. When it was the outermost handler call,
   * waits until the spans queued so far are delivered, for at most {@code
   * LANGFUSE_AGENT_LAMBDA_FLUSH_TIMEOUT} and at most half of the time the invocation has left
   * according to {@code context}. Never throws, and leaves the handler's result or exception
   * unchanged.
   */
  public static void exit(Object state, Object context) {
    if (state == null) {
      return;
    }
    try {
      int[] depth = DEPTH.get();
      if (depth[0] > 0) {
        depth[0]--;
      }
      if (state == OUTERMOST) {
        flush(context);
      }
    } catch (Throwable t) {
      AgentLog.rateLimited(
          AgentLog.Level.WARN,
          "lambda-flush-failed",
          "flushing spans at the end of a Lambda invocation failed: " + t);
    }
  }

  /** Returns the flush timeout: the configured one, capped at half the remaining time if known. */
  static long flushTimeoutMillis(long configuredMillis, long remainingMillis) {
    if (remainingMillis < 0) {
      return configuredMillis;
    }
    return Math.min(configuredMillis, remainingMillis / 2);
  }

  /** Returns the handler call depth of the current thread, for tests. */
  static int depth() {
    return DEPTH.get()[0];
  }

  private static void flush(Object context) {
    TaskManager taskManager = AgentRuntime.taskManager();
    AgentConfig config = AgentRuntime.config();
    if (taskManager == null || config == null || config.lambdaFlushTimeoutMillis() <= 0) {
      return;
    }
    long configuredMillis = config.lambdaFlushTimeoutMillis();
    long timeoutMillis = flushTimeoutMillis(configuredMillis, remainingTimeMillis(context));

    long start = System.nanoTime();
    boolean delivered = taskManager.flush(timeoutMillis);
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    // A flush that ends early without delivering everything counted a drop, which is logged where
    // it happens; only a timeout needs a line here.
    if (!delivered && elapsedMillis >= timeoutMillis) {
      AgentLog.rateLimited(
          AgentLog.Level.WARN,
          "lambda-flush-timeout",
          "flushing spans at the end of a Lambda invocation timed out after "
              + timeoutMillis
              + " ms"
              + (timeoutMillis < configuredMillis
                  ? " (half of the time the invocation had left)"
                  : "")
              + "; spans not yet delivered stay queued and are sent while a later invocation"
              + " runs: raise LANGFUSE_AGENT_LAMBDA_FLUSH_TIMEOUT, or see the retry warnings if"
              + " Langfuse is slow or unreachable");
    }
  }

  /** Returns the time the invocation has left, or -1 when {@code context} does not report it. */
  static long remainingTimeMillis(Object context) {
    if (context == null) {
      return -1;
    }
    Optional<Method> method = REMAINING_TIME.get(context.getClass());
    if (method.isEmpty()) {
      return -1;
    }
    try {
      Object remaining = method.get().invoke(context);
      return remaining instanceof Number ? Math.max(0, ((Number) remaining).longValue()) : -1;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return -1;
    }
  }

  private static Optional<Method> remainingTimeMethod(Class<?> type) {
    try {
      // The method of the public interface, because the runtime's implementing class need not be
      // public.
      Class<?> contextInterface = Class.forName(CONTEXT_INTERFACE, false, type.getClassLoader());
      if (!contextInterface.isAssignableFrom(type)) {
        return Optional.empty();
      }
      return Optional.of(contextInterface.getMethod("getRemainingTimeInMillis"));
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return Optional.empty();
    }
  }
}
