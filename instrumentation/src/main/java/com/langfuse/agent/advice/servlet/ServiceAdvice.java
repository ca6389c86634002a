package com.langfuse.agent.advice.servlet;

import com.langfuse.agent.bootstrap.bridge.ScopeBridge;
import net.bytebuddy.asm.Advice;

/**
 * Advice for {@code HttpServlet.service(ServletRequest, ServletResponse)}, one nested class per
 * Servlet API package. It is inlined into the servlet API, so it calls only the bootstrap {@link
 * ScopeBridge}; the handler names are compile-time constants.
 */
public final class ServiceAdvice {

  private ServiceAdvice() {}

  /** Traces {@code jakarta.servlet.http.HttpServlet}. */
  public static final class Jakarta {

    private Jakarta() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(
        @Advice.This Object servlet,
        @Advice.Origin Class<?> type,
        @Advice.Argument(0) Object request,
        @Advice.Argument(1) Object response) {
      return ScopeBridge.enter(
          ServletInstrumentationModule.JAKARTA_HANDLER,
          0,
          type,
          servlet,
          new Object[] {request, response});
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.Enter Object state, @Advice.Thrown Throwable thrown) {
      ScopeBridge.exit(state, 0, null, thrown);
    }
  }

  /** Traces {@code javax.servlet.http.HttpServlet}. */
  public static final class Javax {

    private Javax() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(
        @Advice.This Object servlet,
        @Advice.Origin Class<?> type,
        @Advice.Argument(0) Object request,
        @Advice.Argument(1) Object response) {
      return ScopeBridge.enter(
          ServletInstrumentationModule.JAVAX_HANDLER,
          0,
          type,
          servlet,
          new Object[] {request, response});
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
    public static void exit(@Advice.Enter Object state, @Advice.Thrown Throwable thrown) {
      ScopeBridge.exit(state, 0, null, thrown);
    }
  }
}
