package com.langfuse.agent.advice.servlet;

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
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Inbound HTTP requests through the Servlet API, {@code jakarta.servlet} (Servlet 5 and later:
 * Spring Boot 3, Tomcat 10, Jetty 11 and later) and {@code javax.servlet} (Servlet 3 and 4).
 *
 * <p>The advice goes on {@code HttpServlet.service(ServletRequest, ServletResponse)}, the public
 * method every container calls after the filter chain, which servlets seldom override: Spring's
 * {@code DispatcherServlet} overrides only the protected HTTP variant. Matching the one class by
 * name keeps the matcher cheap.
 *
 * <p>NOTE: LLM calls made in a servlet filter, before the servlet runs, are outside the request
 * span, and a servlet that overrides the public {@code service} method is not traced. Tested end to
 * end: {@code jakarta.servlet} with Spring Boot 3.5.7 on Tomcat 10.1, and {@code javax.servlet}
 * with a plain servlet on Jetty 9.4.57 (javax.servlet-api 3.1.0).
 */
public final class ServletInstrumentationModule implements InstrumentationModule {

  public static final String JAKARTA_HANDLER =
      "com.langfuse.agent.instrumentation.servlet.JakartaServletHandler";
  public static final String JAVAX_HANDLER =
      "com.langfuse.agent.instrumentation.servlet.JavaxServletHandler";

  @Override
  public String name() {
    return "servlet";
  }

  private static final String JAKARTA_SERVLET = "jakarta.servlet.http.HttpServlet";
  private static final String JAVAX_SERVLET = "javax.servlet.http.HttpServlet";

  @Override
  public List<TypeSelector> typeSelectors() {
    return TypeSelector.allNamed(JAKARTA_SERVLET, JAVAX_SERVLET);
  }

  /**
   * Returns hooks that make the calls of {@link ServiceAdvice} as {@code HttpServlet} loads,
   * without Byte Buddy.
   */
  @Override
  public List<MethodHook> methodHooks() {
    return List.of(
        serviceHook(JAKARTA_SERVLET, "jakarta.servlet", JAKARTA_HANDLER),
        serviceHook(JAVAX_SERVLET, "javax.servlet", JAVAX_HANDLER));
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return List.of(
        TypeInstrumentation.named(JAKARTA_SERVLET)
            .advise(service("jakarta.servlet"), ServiceAdvice.class.getName() + "$Jakarta"),
        TypeInstrumentation.named(JAVAX_SERVLET)
            .advise(service("javax.servlet"), ServiceAdvice.class.getName() + "$Javax"));
  }

  private static MethodHook serviceHook(String servlet, String apiPackage, String handler) {
    String descriptor =
        MethodHook.descriptor(
            "void", apiPackage + ".ServletRequest", apiPackage + ".ServletResponse");
    return MethodHook.scope(servlet, "service", descriptor, handler, 0).withArgumentArray();
  }

  /** Matches {@code public void service(ServletRequest, ServletResponse)} of one API package. */
  private static ElementMatcher<MethodDescription> service(String apiPackage) {
    return isMethod()
        .and(named("service"))
        .and(isPublic())
        .and(takesArguments(2))
        .and(takesArgument(0, named(apiPackage + ".ServletRequest")))
        .and(takesArgument(1, named(apiPackage + ".ServletResponse")));
  }
}
