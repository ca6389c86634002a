package com.langfuse.agent.instrumentation.langchain4j;

import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.SpanData;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A proxy around the application's {@link StreamingChatResponseHandler} that reports the stream to
 * a {@link StreamingChatCall} and passes every call on unchanged.
 *
 * <p>It is a dynamic proxy rather than a class implementing the interface, so a callback that a
 * newer LangChain4j adds as a default method reaches the application's handler, not a default of
 * ours. The proxy implements every public interface of the handler's class, so a type check on
 * the handler against one of them still holds. While a callback runs, the span that was current
 * when the call started is current again, so model calls the callback makes nest under it.
 */
final class StreamObserver implements InvocationHandler {

  private final Object delegate;
  private final StreamingChatCall call;

  private StreamObserver(Object delegate, StreamingChatCall call) {
    this.delegate = delegate;
    this.call = call;
  }

  /** Returns a proxy of {@code handler} that reports to {@code call}. */
  static Object wrap(Object handler, StreamingChatCall call) {
    StreamObserver observer = new StreamObserver(handler, call);
    Class<?>[] interfaces = publicInterfaces(handler.getClass());
    try {
      return Proxy.newProxyInstance(handler.getClass().getClassLoader(), interfaces, observer);
    } catch (IllegalArgumentException e) {
      // Some interface is not visible from the handler's class loader: implement the one the
      // model calls.
      return Proxy.newProxyInstance(
          StreamingChatResponseHandler.class.getClassLoader(),
          new Class<?>[] {StreamingChatResponseHandler.class},
          observer);
    }
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
    if (method.getDeclaringClass() != Object.class) {
      observe(method.getName(), arguments);
    }
    SpanData parent = call.parent();
    CurrentSpan.Scope scope = parent == null ? null : CurrentSpan.makeCurrent(parent);
    int depth = ModelCallDepth.suspend();
    try {
      return method.invoke(delegate, arguments);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    } finally {
      ModelCallDepth.restore(depth);
      if (scope != null) {
        scope.close();
      }
    }
  }

  /** Reports one callback to the call; never throws. */
  private void observe(String name, Object[] arguments) {
    try {
      switch (name) {
        case "onPartialResponse":
        case "onPartialThinking":
        case "onPartialToolCall":
        case "onCompleteToolCall":
          call.onContent();
          break;
        case "onCompleteResponse":
          call.complete(
              arguments != null && arguments[0] instanceof ChatResponse
                  ? (ChatResponse) arguments[0]
                  : null);
          break;
        case "onError":
          call.fail(
              arguments != null && arguments[0] instanceof Throwable
                  ? (Throwable) arguments[0]
                  : new IllegalStateException("streaming chat failed"));
          break;
        default:
          break;
      }
    } catch (Throwable t) {
      GenerationSpans.logCaptureFailure("observing the chat stream", t);
    }
  }

  private static Class<?>[] publicInterfaces(Class<?> type) {
    Set<Class<?>> interfaces = new LinkedHashSet<>();
    interfaces.add(StreamingChatResponseHandler.class);
    for (Class<?> current = type; current != null; current = current.getSuperclass()) {
      for (Class<?> candidate : current.getInterfaces()) {
        if (Modifier.isPublic(candidate.getModifiers())) {
          interfaces.add(candidate);
        }
      }
    }
    return interfaces.toArray(new Class<?>[0]);
  }
}
