package com.langfuse.agent.instrumentation.langchain4j;

import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.TokenStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

/**
 * A proxy around the {@link TokenStream} an AI Service method returned. It keeps the method's span
 * open until the stream completes or fails, and makes that span current while {@code start()}
 * runs, so the streamed model calls and tool executions become its children.
 *
 * <p>Every call is passed on. The proxy wraps the application's {@code onCompleteResponse} and
 * {@code onError} consumers to end the span first, and registers its own completion consumer at
 * {@code start()} when the application set none. NOTE: a stream that is never started, or that
 * uses {@code ignoreErrors()} and fails, leaves the span open, and it is never exported.
 */
final class TracedTokenStream implements InvocationHandler {

  private final TokenStream delegate;
  private final AiServiceCall call;
  private boolean completionObserved;

  private TracedTokenStream(TokenStream delegate, AiServiceCall call) {
    this.delegate = delegate;
    this.call = call;
  }

  /** Returns a proxy of {@code stream}, or {@code stream} itself when no proxy can be made. */
  static Object wrap(TokenStream stream, AiServiceCall call) {
    try {
      return Proxy.newProxyInstance(
          TokenStream.class.getClassLoader(),
          new Class<?>[] {TokenStream.class},
          new TracedTokenStream(stream, call));
    } catch (RuntimeException e) {
      GenerationSpans.logCaptureFailure("observing the AI Service token stream", e);
      return stream;
    }
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
    Object[] passed = observe(method.getName(), arguments);
    CurrentSpan.Scope scope =
        method.getName().equals("start") ? CurrentSpan.makeCurrent(call.span()) : null;
    try {
      Object result = method.invoke(delegate, passed);
      return result == delegate ? proxy : result;
    } catch (InvocationTargetException e) {
      if (method.getName().equals("start")) {
        call.fail(e.getCause());
      }
      throw e.getCause();
    } finally {
      if (scope != null) {
        scope.close();
      }
    }
  }

  /** Returns the arguments to pass on, with the completion and error consumers wrapped. */
  @SuppressWarnings("unchecked")
  private Object[] observe(String name, Object[] arguments) {
    try {
      if (name.equals("onCompleteResponse") && arguments[0] instanceof Consumer) {
        completionObserved = true;
        Consumer<Object> consumer = (Consumer<Object>) arguments[0];
        return new Object[] {(Consumer<Object>) response -> completeThen(consumer, response)};
      }
      if (name.equals("onError") && arguments[0] instanceof Consumer) {
        Consumer<Throwable> consumer = (Consumer<Throwable>) arguments[0];
        return new Object[] {(Consumer<Throwable>) error -> failThen(consumer, error)};
      }
      if (name.equals("start") && !completionObserved) {
        completionObserved = true;
        delegate.onCompleteResponse(call::complete);
      }
    } catch (Throwable t) {
      GenerationSpans.logCaptureFailure("observing the AI Service token stream", t);
    }
    return arguments;
  }

  private void completeThen(Consumer<Object> consumer, Object response) {
    call.complete(response instanceof ChatResponse ? response : null);
    consumer.accept(response);
  }

  private void failThen(Consumer<Throwable> consumer, Throwable error) {
    call.fail(error);
    consumer.accept(error);
  }
}
