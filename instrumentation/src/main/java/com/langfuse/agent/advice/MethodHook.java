package com.langfuse.agent.advice;

import java.util.ArrayList;
import java.util.List;

/**
 * Calls to static bootstrap methods around one method, applied without Byte Buddy when its class is
 * first loaded. The agent renames the original method and adds a method of the same name that calls
 * the enter hook, the original, then the exit hook. A class that the JVM loaded before the agent
 * cannot gain a method, so its module's Byte Buddy advice, which must do the same, applies there
 * instead. A hook names the method by name and descriptor, in one class or, with {@link
 * #concreteClasses()}, in every concrete class whose name a selector matches. The method may have
 * any access and may be static.
 *
 * <p>Each hook must be a public static method of a class on the bootstrap class path. An exception
 * it throws is caught and ignored, so the call proceeds as if the hook were absent, except in
 * {@link #afterTypeInitializer}. This class refers to no Byte Buddy type.
 */
public final class MethodHook {

  /** The bridge class through which advice reaches the helpers of a module. */
  public static final String BRIDGE = "com/langfuse/agent/bootstrap/bridge/Bridge";

  private static final String BRIDGE_ENTER =
      "(Ljava/lang/String;ILjava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;";
  private static final String BRIDGE_EXIT =
      "(Ljava/lang/Object;ILjava/lang/Object;Ljava/lang/Throwable;)Ljava/lang/Object;";

  /** The name of a static initializer, the method {@link #afterTypeInitializer} hooks. */
  public static final String TYPE_INITIALIZER = "<clinit>";

  /** The bridge class that the advice of spans around application code calls. */
  public static final String SCOPE_BRIDGE = "com/langfuse/agent/bootstrap/bridge/ScopeBridge";

  private static final String SCOPE_ENTER =
      "(Ljava/lang/String;ILjava/lang/Class;Ljava/lang/Object;Ljava/lang/Object;)"
          + "Ljava/lang/Object;";
  private static final String SCOPE_EXIT =
      "(Ljava/lang/Object;ILjava/lang/Object;Ljava/lang/Throwable;)V";

  private final String className;
  private final TypeSelector concreteClasses;
  private final String methodName;
  private final String descriptor;
  private final HookCall enter;
  private final HookCall exit;
  private final boolean exitsOnThrow;

  private MethodHook(
      String className, String methodName, String descriptor, HookCall enter, HookCall exit) {
    this(className, null, methodName, descriptor, enter, exit, true);
  }

  private MethodHook(
      String className,
      TypeSelector concreteClasses,
      String methodName,
      String descriptor,
      HookCall enter,
      HookCall exit) {
    this(className, concreteClasses, methodName, descriptor, enter, exit, true);
  }

  private MethodHook(
      String className,
      TypeSelector concreteClasses,
      String methodName,
      String descriptor,
      HookCall enter,
      HookCall exit,
      boolean exitsOnThrow) {
    this.className = className;
    this.concreteClasses = concreteClasses;
    this.methodName = methodName;
    this.descriptor = descriptor;
    this.enter = enter;
    this.exit = exit;
    this.exitsOnThrow = exitsOnThrow;
  }

  /**
   * Hooks the instance method {@code methodName} with one parameter of interest, the first, the way
   * the generation advice does: {@code Bridge.enter(handler, operation, this, argument 0)} before
   * it, and {@code Bridge.exit(state, operation, returned, thrown)} after it, whose result replaces
   * the returned value.
   */
  public static MethodHook bridge(
      String binaryClassName,
      String methodName,
      String descriptor,
      String handlerName,
      int operation) {
    return bridge(BRIDGE, binaryClassName, methodName, descriptor, handlerName, operation);
  }

  /**
   * Same as {@link #bridge(String, String, String, String, int)} with the static {@code enter} and
   * {@code exit} methods of {@code bridgeClass} (an internal name), which take the same parameters
   * as the bridge's.
   */
  public static MethodHook bridge(
      String bridgeClass,
      String binaryClassName,
      String methodName,
      String descriptor,
      String handlerName,
      int operation) {
    HookCall enter =
        new HookCall(
            bridgeClass,
            "enter",
            BRIDGE_ENTER,
            List.of(
                HookArgument.constant(handlerName),
                HookArgument.constant(operation),
                HookArgument.self(),
                HookArgument.argument(0)),
            HookResult.state());
    HookCall exit =
        new HookCall(
            bridgeClass,
            "exit",
            BRIDGE_EXIT,
            exitArguments(operation),
            HookResult.replaceReturned());
    return new MethodHook(binaryClassName.replace('.', '/'), methodName, descriptor, enter, exit);
  }

  /** Returns the arguments of a bridge's exit call: state, operation, returned value, thrown. */
  private static List<HookArgument> exitArguments(int operation) {
    return List.of(
        HookArgument.state(),
        HookArgument.constant(operation),
        HookArgument.returned(),
        HookArgument.thrown());
  }

  /**
   * Hooks {@code methodName} with one call before it, {@code owner.hookName(argument index)}, whose
   * result replaces that argument.
   */
  public static MethodHook replaceArgument(
      String binaryClassName,
      String methodName,
      String descriptor,
      int index,
      String owner,
      String hookName,
      String hookDescriptor) {
    HookCall enter =
        new HookCall(
            owner,
            hookName,
            hookDescriptor,
            List.of(HookArgument.argument(index)),
            HookResult.replaceArgument(index));
    return new MethodHook(binaryClassName.replace('.', '/'), methodName, descriptor, enter, null);
  }

  /**
   * Hooks the instance method {@code methodName} the way the advice of spans around application
   * code does: {@code ScopeBridge.enter(handler, operation, hooked class, this, argument 0)} before
   * it, and {@code ScopeBridge.exit(state, operation, returned, thrown)} after it, which leaves the
   * returned value alone. {@link #replacingReturned()} and {@link #withArgumentArray()} change
   * these calls.
   */
  public static MethodHook scope(
      String binaryClassName,
      String methodName,
      String descriptor,
      String handlerName,
      int operation) {
    return scope(SCOPE_BRIDGE, binaryClassName, methodName, descriptor, handlerName, operation);
  }

  /**
   * Same as {@link #scope(String, String, String, String, int)} with the static {@code enter},
   * {@code exit} and {@code exitReturning} methods of {@code bridgeClass} (an internal name), which
   * take the same parameters as the scope bridge's.
   */
  public static MethodHook scope(
      String bridgeClass,
      String binaryClassName,
      String methodName,
      String descriptor,
      String handlerName,
      int operation) {
    HookCall enter =
        scopeEnter(
            bridgeClass,
            handlerName,
            operation,
            HookArgument.self(),
            HookArgument.argument(0),
            HookResult.state());
    HookCall exit =
        new HookCall(bridgeClass, "exit", SCOPE_EXIT, exitArguments(operation), HookResult.none());
    return new MethodHook(binaryClassName.replace('.', '/'), methodName, descriptor, enter, exit);
  }

  /**
   * Same as {@link #scope(String, String, String, String, int)} for every class that {@code
   * concreteClasses} selects by name and that is neither abstract, an interface nor an enum, such
   * as the chat model classes of every Spring AI provider module. The selector must not read class
   * files.
   */
  public static MethodHook scope(
      TypeSelector concreteClasses,
      String methodName,
      String descriptor,
      String handlerName,
      int operation) {
    return scope(SCOPE_BRIDGE, concreteClasses, methodName, descriptor, handlerName, operation);
  }

  /**
   * Same as {@link #scope(TypeSelector, String, String, String, int)} with the static methods of
   * {@code bridgeClass}, as in {@link #scope(String, String, String, String, String, int)}.
   */
  public static MethodHook scope(
      String bridgeClass,
      TypeSelector concreteClasses,
      String methodName,
      String descriptor,
      String handlerName,
      int operation) {
    if (concreteClasses.readsClassFile() || concreteClasses.exactName() != null) {
      throw new IllegalArgumentException("not a class name pattern: " + concreteClasses);
    }
    MethodHook hook = scope(bridgeClass, "", methodName, descriptor, handlerName, operation);
    return new MethodHook(null, concreteClasses, methodName, descriptor, hook.enter, hook.exit);
  }

  /**
   * Returns this hook with its enter call's last argument, the request, replaced by an {@code
   * Object[]} of every parameter, primitives boxed.
   */
  public MethodHook withArgumentArray() {
    return withRequest(HookArgument.argumentArray());
  }

  /** Returns this hook with its enter call's last argument, the request, replaced by null. */
  public MethodHook withNullRequest() {
    return withRequest(HookArgument.nullValue());
  }

  /** Returns this hook with the exit call's result dropped, so the method's own value returns. */
  public MethodHook keepingReturned() {
    if (exit == null) {
      throw new IllegalStateException("the hook of " + methodName + " has no exit call");
    }
    HookCall kept =
        new HookCall(
            exit.owner(), exit.name(), exit.descriptor(), exit.arguments(), HookResult.none());
    return new MethodHook(
        className, concreteClasses, methodName, descriptor, enter, kept, exitsOnThrow);
  }

  /**
   * Returns this {@link #scope} hook with {@code ScopeBridge.exitReturning} as the exit call, whose
   * result replaces the returned value.
   */
  public MethodHook replacingReturned() {
    if (exit == null || !exit.descriptor().equals(SCOPE_EXIT)) {
      throw new IllegalStateException("only a scope hook's exit can replace the returned value");
    }
    HookCall returning =
        new HookCall(
            exit.owner(),
            "exitReturning",
            BRIDGE_EXIT,
            exit.arguments(),
            HookResult.replaceReturned());
    return new MethodHook(
        className, concreteClasses, methodName, descriptor, enter, returning, exitsOnThrow);
  }

  private MethodHook withRequest(HookArgument request) {
    List<HookArgument> arguments = new ArrayList<>(enter.arguments());
    arguments.set(arguments.size() - 1, request);
    HookCall changed =
        new HookCall(enter.owner(), enter.name(), enter.descriptor(), arguments, enter.result());
    return new MethodHook(
        className, concreteClasses, methodName, descriptor, changed, exit, exitsOnThrow);
  }

  /**
   * Hooks the instance method {@code methodName} with one call after it returns normally, the way
   * exit-only advice without {@code onThrowable} does: {@code ScopeBridge.enter(handler, operation,
   * hooked class, this, returned)}, whose result is dropped. Nothing is called when the method
   * throws.
   */
  public static MethodHook afterReturn(
      String binaryClassName,
      String methodName,
      String descriptor,
      String handlerName,
      int operation) {
    return afterReturn(
        SCOPE_BRIDGE, binaryClassName, methodName, descriptor, handlerName, operation);
  }

  /**
   * Same as {@link #afterReturn(String, String, String, String, int)} with the static {@code enter}
   * method of {@code bridgeClass} (an internal name), which takes the scope bridge's parameters.
   */
  public static MethodHook afterReturn(
      String bridgeClass,
      String binaryClassName,
      String methodName,
      String descriptor,
      String handlerName,
      int operation) {
    HookCall exit =
        scopeEnter(
            bridgeClass,
            handlerName,
            operation,
            HookArgument.self(),
            HookArgument.returned(),
            HookResult.none());
    return new MethodHook(
        binaryClassName.replace('.', '/'), null, methodName, descriptor, null, exit, false);
  }

  /**
   * Hooks the end of the static initializer of {@code binaryClassName}, the way advice on a type
   * initializer does: {@code ScopeBridge.enter(handler, operation, hooked class, null, null)} runs
   * before each of its returns, and its result is dropped. Unlike the other hooks, this call is not
   * guarded by an exception handler, which the static initializer's stack map frames would have to
   * account for. It relies on {@code ScopeBridge.enter} catching every exception. A class without a
   * static initializer is left alone.
   */
  public static MethodHook afterTypeInitializer(
      String binaryClassName, String handlerName, int operation) {
    return afterTypeInitializer(SCOPE_BRIDGE, binaryClassName, handlerName, operation);
  }

  /**
   * Same as {@link #afterTypeInitializer(String, String, int)} with the static {@code enter} method
   * of {@code bridgeClass} (an internal name), which takes the scope bridge's parameters.
   */
  public static MethodHook afterTypeInitializer(
      String bridgeClass, String binaryClassName, String handlerName, int operation) {
    HookCall exit =
        scopeEnter(
            bridgeClass,
            handlerName,
            operation,
            HookArgument.nullValue(),
            HookArgument.nullValue(),
            HookResult.none());
    return new MethodHook(binaryClassName.replace('.', '/'), TYPE_INITIALIZER, "()V", null, exit);
  }

  /**
   * Returns the call {@code bridgeClass.enter(handler, operation, hooked class, instance, value)},
   * the scope bridge's entry point, whose result is handled as {@code result} specifies.
   */
  private static HookCall scopeEnter(
      String bridgeClass,
      String handlerName,
      int operation,
      HookArgument instance,
      HookArgument value,
      HookResult result) {
    return new HookCall(
        bridgeClass,
        "enter",
        SCOPE_ENTER,
        List.of(
            HookArgument.constant(handlerName),
            HookArgument.constant(operation),
            HookArgument.hookedClass(),
            instance,
            value),
        result);
  }

  /**
   * Returns the method descriptor for a return type and parameter types given as binary class
   * names, such as {@code java.lang.Runnable}, or {@code void} for the return type.
   */
  public static String descriptor(String returnType, String... parameterTypes) {
    StringBuilder descriptor = new StringBuilder("(");
    for (String parameterType : parameterTypes) {
      descriptor.append('L').append(parameterType.replace('.', '/')).append(';');
    }
    descriptor.append(')');
    if (returnType.equals("void")) {
      return descriptor.append('V').toString();
    }
    return descriptor.append('L').append(returnType.replace('.', '/')).append(';').toString();
  }

  /**
   * Returns the internal name ({@code com/example/Type}) of the class that declares the method, or
   * null for a hook on the classes of {@link #concreteClasses()}.
   */
  public String className() {
    return className;
  }

  /**
   * Returns the selector of the classes hooked, for a hook on every concrete class whose name it
   * matches, or null for a hook on the one class {@link #className()}.
   */
  public TypeSelector concreteClasses() {
    return concreteClasses;
  }

  public String methodName() {
    return methodName;
  }

  /** Returns the method's descriptor, such as {@code (Ljava/lang/Runnable;)V}. */
  public String descriptor() {
    return descriptor;
  }

  /** Returns the call before the method, or null. */
  public HookCall enter() {
    return enter;
  }

  /** Returns the call after the method, or null. */
  public HookCall exit() {
    return exit;
  }

  /** Returns whether the exit call also runs when the method throws, as it does by default. */
  public boolean exitsOnThrow() {
    return exitsOnThrow;
  }
}
