package com.langfuse.agent.instrumentation.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Traces requests of the {@code jakarta.servlet} API. */
public final class JakartaServletHandler
    extends ServletHandler<HttpServletRequest, HttpServletResponse> {

  public JakartaServletHandler() {}

  @Override
  HttpServletRequest asHttpRequest(Object request) {
    return request instanceof HttpServletRequest ? (HttpServletRequest) request : null;
  }

  @Override
  HttpServletResponse asHttpResponse(Object response) {
    return response instanceof HttpServletResponse ? (HttpServletResponse) response : null;
  }

  @Override
  String method(HttpServletRequest request) {
    return request.getMethod();
  }

  @Override
  String path(HttpServletRequest request) {
    return request.getRequestURI();
  }

  @Override
  String header(HttpServletRequest request, String name) {
    return request.getHeader(name);
  }

  @Override
  Object attribute(HttpServletRequest request, String name) {
    return request.getAttribute(name);
  }

  @Override
  void setAttribute(HttpServletRequest request, String name, Object value) {
    request.setAttribute(name, value);
  }

  @Override
  boolean isRequestDispatch(HttpServletRequest request) {
    return request.getDispatcherType() == DispatcherType.REQUEST;
  }

  @Override
  boolean isAsyncDispatch(HttpServletRequest request) {
    return request.getDispatcherType() == DispatcherType.ASYNC;
  }

  @Override
  boolean isAsyncStarted(HttpServletRequest request) {
    return request.isAsyncStarted();
  }

  @Override
  int status(HttpServletResponse response) {
    return response.getStatus();
  }

  @Override
  boolean endOnAsyncComplete(ServletCall<HttpServletRequest, HttpServletResponse> call) {
    try {
      AsyncContext context = call.request.getAsyncContext();
      context.addListener(new EndListener(call));
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  /** Ends the request span once, when the async cycle completes, fails or times out. */
  private final class EndListener implements AsyncListener {
    private final ServletCall<HttpServletRequest, HttpServletResponse> call;

    EndListener(ServletCall<HttpServletRequest, HttpServletResponse> call) {
      this.call = call;
    }

    @Override
    public void onComplete(AsyncEvent event) {
      end(call, null);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      call.span.recordError("async request timed out");
    }

    @Override
    public void onError(AsyncEvent event) {
      end(call, event.getThrowable());
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      event.getAsyncContext().addListener(this);
    }
  }
}
