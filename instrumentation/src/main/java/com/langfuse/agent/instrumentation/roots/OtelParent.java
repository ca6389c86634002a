package com.langfuse.agent.instrumentation.roots;

import java.lang.reflect.Method;

/**
 * Reads the OpenTelemetry span that is active in the application, so that a root span of this
 * agent joins the application's OpenTelemetry trace.
 *
 * <p>The lookup calls {@code io.opentelemetry.api.trace.Span.current()} through reflection in the
 * class loader of a given application class, so it reads the API the application uses. Under the
 * OpenTelemetry Java agent, that API is bridged to the agent's own context, so the agent's spans
 * are found too. The methods are looked up once per class and cached; an application without the
 * API costs one failed class lookup per class.
 */
public final class OtelParent {

  private static final ClassValue<Reader> READERS =
      new ClassValue<>() {
        @Override
        protected Reader computeValue(Class<?> type) {
          return Reader.forLoader(type.getClassLoader());
        }
      };

  private OtelParent() {}

  /**
   * Returns the trace id and span id of the OpenTelemetry span active on this thread, as seen from
   * the class loader of {@code contextClass}, or null when there is none or no OpenTelemetry API.
   */
  public static String[] activeSpan(Class<?> contextClass) {
    if (contextClass == null) {
      return null;
    }
    return READERS.get(contextClass).read();
  }

  /** The reflective handles of one class loader's OpenTelemetry API. */
  private static final class Reader {
    static final Reader ABSENT = new Reader(null, null, null, null, null);

    private final Method current;
    private final Method spanContext;
    private final Method isValid;
    private final Method traceId;
    private final Method spanId;

    private Reader(
        Method current, Method spanContext, Method isValid, Method traceId, Method spanId) {
      this.current = current;
      this.spanContext = spanContext;
      this.isValid = isValid;
      this.traceId = traceId;
      this.spanId = spanId;
    }

    static Reader forLoader(ClassLoader loader) {
      try {
        Class<?> span = Class.forName("io.opentelemetry.api.trace.Span", false, loader);
        Class<?> context = Class.forName("io.opentelemetry.api.trace.SpanContext", false, loader);
        return new Reader(
            span.getMethod("current"),
            span.getMethod("getSpanContext"),
            context.getMethod("isValid"),
            context.getMethod("getTraceId"),
            context.getMethod("getSpanId"));
      } catch (ReflectiveOperationException | LinkageError e) {
        return ABSENT;
      }
    }

    String[] read() {
      if (current == null) {
        return null;
      }
      try {
        Object context = spanContext.invoke(current.invoke(null));
        if (context == null || !Boolean.TRUE.equals(isValid.invoke(context))) {
          return null;
        }
        return new String[] {(String) traceId.invoke(context), (String) spanId.invoke(context)};
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        return null;
      }
    }
  }
}
