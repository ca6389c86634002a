package com.langfuse.agent.internal.lifecycle;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * One CRaC API package as seen from one class loader, used through reflection. {@code jdk.crac},
 * {@code javax.crac}, {@code org.crac} and the package named by {@code org.crac.Core.Compat}
 * share one shape: an interface {@code Resource} with {@code beforeCheckpoint(Context)} and
 * {@code afterRestore(Context)}, a class {@code Context} with {@code register(Resource)}, and
 * {@code Core.getGlobalContext()} (newer versions also have {@code Context.getGlobalContext()}).
 */
final class CracApi {

  private final String packageName;
  private final Class<?> resource;
  private final Class<?> context;
  private final Class<?> core;

  private CracApi(String packageName, Class<?> resource, Class<?> context, Class<?> core) {
    this.packageName = packageName;
    this.resource = resource;
    this.context = context;
    this.core = core;
  }

  /**
   * Returns the API of {@code packageName} loaded through {@code loader} (null: the bootstrap
   * class loader), or null when that loader cannot load it.
   */
  static CracApi find(String packageName, ClassLoader loader) {
    try {
      Class<?> resource = Class.forName(packageName + ".Resource", false, loader);
      Class<?> context = Class.forName(packageName + ".Context", false, loader);
      Class<?> core = Class.forName(packageName + ".Core", false, loader);
      if (!resource.isInterface()) {
        return null;
      }
      return new CracApi(packageName, resource, context, core);
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  /**
   * Registers a proxy implementing this package's {@code Resource} with the global context and
   * returns it. The caller must keep the proxy strongly reachable, because every implementation
   * holds registered resources through weak references.
   */
  Object register(InvocationHandler handler) throws ReflectiveOperationException {
    Object globalContext = globalContextGetter().invoke(null);
    Object proxy =
        Proxy.newProxyInstance(resource.getClassLoader(), new Class<?>[] {resource}, handler);
    context.getMethod("register", resource).invoke(globalContext, proxy);
    return proxy;
  }

  String packageName() {
    return packageName;
  }

  /** Describes the package and the loader that defined it, for log lines. */
  String describe() {
    ClassLoader loader = core.getClassLoader();
    String loaderName;
    if (loader == null) {
      loaderName = "the bootstrap class loader";
    } else if (loader == ClassLoader.getPlatformClassLoader()) {
      loaderName = "the platform class loader";
    } else if (loader == ClassLoader.getSystemClassLoader()) {
      loaderName = "the system class loader";
    } else {
      loaderName = loader.getClass().getName();
    }
    return packageName + " from " + loaderName;
  }

  private Method globalContextGetter() throws NoSuchMethodException {
    try {
      return core.getMethod("getGlobalContext");
    } catch (NoSuchMethodException e) {
      return context.getMethod("getGlobalContext");
    }
  }
}
