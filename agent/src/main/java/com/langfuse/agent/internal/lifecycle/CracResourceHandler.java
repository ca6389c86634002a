package com.langfuse.agent.internal.lifecycle;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;

/**
 * The behaviour behind a {@link java.lang.reflect.Proxy} that implements a CRaC {@code Resource}
 * interface ({@code jdk.crac.Resource}, {@code org.crac.Resource} or any package of that shape),
 * so the agent compiles against none of them.
 */
final class CracResourceHandler implements InvocationHandler {

  private final CheckpointLifecycle lifecycle;
  private final String api;

  CracResourceHandler(CheckpointLifecycle lifecycle, String api) {
    this.lifecycle = lifecycle;
    this.api = api;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] arguments) {
    switch (method.getName()) {
      case "beforeCheckpoint":
        lifecycle.beforeCheckpoint();
        return null;
      case "afterRestore":
        lifecycle.afterRestore();
        return null;
      case "hashCode":
        return System.identityHashCode(proxy);
      case "equals":
        return arguments != null && arguments.length == 1 && proxy == arguments[0];
      case "toString":
        return "langfuse-agent checkpoint resource registered through " + api;
      default:
        throw new UnsupportedOperationException(
            method + " is not part of the CRaC Resource interface this agent knows");
    }
  }
}
