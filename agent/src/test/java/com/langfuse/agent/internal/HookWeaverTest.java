package com.langfuse.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.langfuse.agent.advice.MethodHook;
import com.langfuse.agent.advice.TypeSelector;
import com.langfuse.agent.internal.hooks.AbstractHookTarget;
import com.langfuse.agent.internal.hooks.HookTarget;
import com.langfuse.agent.internal.hooks.RecordingHooks;
import com.langfuse.agent.internal.hooks.RecordingScopeHooks;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Weaves {@link HookTarget} with hooks that record their calls, defines the result in a class
 * loader of its own (which runs the JVM's verifier on it), and calls the woven methods.
 */
class HookWeaverTest {

  private static final String TARGET = HookTarget.class.getName();
  private static final String TARGET_INTERNAL = TARGET.replace('.', '/');

  @BeforeEach
  void resetHooks() {
    RecordingHooks.reset();
  }

  @Test
  void exitReplacesReturnedValue() throws Exception {
    Object target = wovenInstance(greetHook());

    Object result = call(target, "greet", new Class<?>[] {String.class}, "Ada");

    assertThat(result).isEqualTo("hello Ada (traced)");
    assertThat(RecordingHooks.CALLS)
        .containsExactly("enter handler 7 HookTarget Ada", "exit state-7 7 hello Ada null");
  }

  @Test
  void thrownExceptionReachesExitAndCaller() throws Exception {
    Object target =
        wovenInstance(
            MethodHook.bridge(
                RecordingHooks.INTERNAL_NAME,
                TARGET,
                "fail",
                MethodHook.descriptor("java.lang.String", "java.lang.String"),
                "handler",
                3));

    assertThatThrownBy(() -> call(target, "fail", new Class<?>[] {String.class}, "bad input"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("bad input");
    assertThat(RecordingHooks.CALLS).hasSize(2);
    assertThat(RecordingHooks.CALLS.get(1))
        .isEqualTo("exit state-3 3 null java.lang.IllegalStateException: bad input");
  }

  @Test
  void failingHooksLeaveCallUnchanged() throws Exception {
    Object target = wovenInstance(greetHook());
    RecordingHooks.enterThrows = true;
    RecordingHooks.exitThrows = true;

    Object result = call(target, "greet", new Class<?>[] {String.class}, "Ada");

    assertThat(result).isEqualTo("hello Ada");
    assertThat(RecordingHooks.CALLS)
        .containsExactly("enter handler 7 HookTarget Ada", "exit null 7 hello Ada null");
  }

  @Test
  void wideParametersKeepTheirSlots() throws Exception {
    Object target =
        wovenInstance(
            MethodHook.replaceArgument(
                TARGET,
                "describe",
                "(JILjava/lang/String;)Ljava/lang/String;",
                2,
                RecordingHooks.INTERNAL_NAME,
                "upper",
                "(Ljava/lang/String;)Ljava/lang/String;"));

    Object result =
        call(target, "describe", new Class<?>[] {long.class, int.class, String.class}, 40L, 2, "n");

    assertThat(result).isEqualTo("N:42");
  }

  @Test
  void primitiveHookArgumentBoxed() throws Exception {
    Object target =
        wovenInstance(
            MethodHook.bridge(
                RecordingHooks.INTERNAL_NAME,
                TARGET,
                "describe",
                "(JILjava/lang/String;)Ljava/lang/String;",
                "handler",
                5));

    Object result =
        call(target, "describe", new Class<?>[] {long.class, int.class, String.class}, 40L, 2, "n");

    assertThat(result).isEqualTo("n:42 (traced)");
    assertThat(RecordingHooks.CALLS.get(0)).isEqualTo("enter handler 5 HookTarget 40");
  }

  @Test
  void primitiveArgumentReplacementRejected() throws Exception {
    HookWeaver weaver =
        new HookWeaver(
            List.of(
                MethodHook.replaceArgument(
                    TARGET,
                    "describe",
                    "(JILjava/lang/String;)Ljava/lang/String;",
                    1,
                    RecordingHooks.INTERNAL_NAME,
                    "replace",
                    "(Ljava/lang/Object;)Ljava/lang/Object;")));

    assertThatThrownBy(() -> weaver.weave(TARGET_INTERNAL, classFile()))
        .isInstanceOf(HookWeaver.UnsupportedClassException.class)
        .hasMessageContaining("no reference parameter 1");
  }

  @Test
  void scopeHookGetsClassAndArgumentArray() throws Exception {
    Object target =
        wovenInstance(
            MethodHook.scope(
                    RecordingScopeHooks.INTERNAL_NAME,
                    TARGET,
                    "handle",
                    "(Ljava/lang/Object;I)V",
                    "handler",
                    4)
                .withArgumentArray());

    Object result =
        call(target, "handle", new Class<?>[] {Object.class, int.class}, "request", 200);

    assertThat(result).isNull();
    assertThat(RecordingHooks.CALLS)
        .containsExactly(
            "scope enter handler 4 HookTarget (own class) [request, 200]",
            "scope exit scope-4 4 null null");
  }

  @Test
  void scopeHookSeesThrownException() throws Exception {
    Object target =
        wovenInstance(
            MethodHook.scope(
                    RecordingScopeHooks.INTERNAL_NAME,
                    TARGET,
                    "handle",
                    "(Ljava/lang/Object;I)V",
                    "handler",
                    4)
                .withArgumentArray());

    assertThatThrownBy(
            () -> call(target, "handle", new Class<?>[] {Object.class, int.class}, null, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("negative code -1");
    assertThat(RecordingHooks.CALLS)
        .containsExactly(
            "scope enter handler 4 HookTarget (own class) [null, -1]",
            "scope exit scope-4 4 null java.lang.IllegalArgumentException: negative code -1");
  }

  @Test
  void privateMethodHookedAndReplaced() throws Exception {
    Class<?> woven =
        wovenClass(
            MethodHook.scope(
                    RecordingScopeHooks.INTERNAL_NAME,
                    TARGET,
                    "secret",
                    MethodHook.descriptor("java.lang.String", "java.lang.String"),
                    "handler",
                    2)
                .replacingReturned());
    Object target = woven.getConstructor().newInstance();

    Object result = call(target, "callSecret", new Class<?>[] {String.class}, "key");

    assertThat(result).isEqualTo("secret key (scoped)");
    assertThat(RecordingHooks.CALLS)
        .containsExactly(
            "scope enter handler 2 HookTarget (own class) key",
            "scope exitReturning scope-2 2 secret key null");
    assertThat(Modifier.isPrivate(woven.getDeclaredMethod("secret", String.class).getModifiers()))
        .isTrue();
  }

  @Test
  void nullRequestAndKeptReturnedValue() throws Exception {
    Object target = wovenInstance(greetHook().withNullRequest().keepingReturned());

    Object result = call(target, "greet", new Class<?>[] {String.class}, "Ada");

    assertThat(result).isEqualTo("hello Ada");
    assertThat(RecordingHooks.CALLS)
        .containsExactly("enter handler 7 HookTarget null", "exit state-7 7 hello Ada null");
  }

  @Test
  void argumentReplacedByEnterHook() throws Exception {
    Object target =
        wovenInstance(
            MethodHook.replaceArgument(
                TARGET,
                "run",
                MethodHook.descriptor("void", "java.lang.Runnable"),
                0,
                RecordingHooks.INTERNAL_NAME,
                "wrap",
                "(Ljava/lang/Runnable;)Ljava/lang/Runnable;"));
    Runnable task = () -> RecordingHooks.CALLS.add("task runs");

    call(target, "run", new Class<?>[] {Runnable.class}, task);

    assertThat(RecordingHooks.CALLS).containsExactly("wrap", "wrapper runs", "task runs");
  }

  @Test
  void synchronizedMethodStillRuns() throws Exception {
    Object target =
        wovenInstance(
            MethodHook.bridge(
                RecordingHooks.INTERNAL_NAME,
                TARGET,
                "record",
                MethodHook.descriptor("void", "java.lang.StringBuilder"),
                "handler",
                1));
    StringBuilder sink = new StringBuilder();

    call(target, "record", new Class<?>[] {StringBuilder.class}, sink);

    assertThat(sink.toString()).isEqualTo("recorded");
    assertThat(RecordingHooks.CALLS.get(1)).isEqualTo("exit state-1 1 null null");
  }

  @Test
  void originalKeptAsPrivateSyntheticMethod() throws Exception {
    Class<?> woven = wovenClass(greetHook());

    Method original = woven.getDeclaredMethod("greet" + HookWeaver.ORIGINAL_SUFFIX, String.class);

    assertThat(Modifier.isPrivate(original.getModifiers())).isTrue();
    assertThat(original.isSynthetic()).isTrue();
    assertThat(Modifier.isPublic(woven.getDeclaredMethod("greet", String.class).getModifiers()))
        .isTrue();
  }

  @Test
  void classWithoutHookedMethodUnchanged() throws Exception {
    HookWeaver weaver =
        new HookWeaver(
            List.of(
                MethodHook.bridge(
                    TARGET,
                    "greet",
                    MethodHook.descriptor("java.lang.Object", "java.lang.String"),
                    "handler",
                    7)));

    assertThat(weaver.covers(TARGET_INTERNAL)).isTrue();
    assertThat(weaver.weave(TARGET_INTERNAL, classFile())).isNull();
  }

  @Test
  void patternHookWeavesConcreteClass() throws Exception {
    Object target = wovenInstance(greetPatternHook());

    Object result = call(target, "greet", new Class<?>[] {String.class}, "Ada");

    assertThat(result).isEqualTo("hello Ada (scoped)");
    assertThat(RecordingHooks.CALLS)
        .containsExactly(
            "scope enter handler 6 HookTarget (own class) Ada",
            "scope exitReturning scope-6 6 hello Ada null");
  }

  @Test
  void patternHookSkipsAbstractClass() throws Exception {
    HookWeaver weaver = new HookWeaver(List.of(greetPatternHook()));
    String abstractTarget = AbstractHookTarget.class.getName().replace('.', '/');

    assertThat(weaver.covers(abstractTarget)).isTrue();
    assertThat(weaver.weave(abstractTarget, classFile(AbstractHookTarget.class))).isNull();
  }

  @Test
  void patternHookYieldsToOtherSelector() throws Exception {
    MethodHook hook = greetPatternHook();
    HookWeaver weaver =
        new HookWeaver(List.of(hook), Map.of(hook, List.of(TypeSelector.named(TARGET))));

    assertThat(weaver.covers(TARGET_INTERNAL)).isFalse();
    assertThat(weaver.covers(AbstractHookTarget.class.getName().replace('.', '/'))).isTrue();
  }

  @Test
  void staticMethodArgumentReplaced() throws Exception {
    Class<?> woven =
        wovenClass(
            MethodHook.replaceArgument(
                TARGET,
                "echo",
                MethodHook.descriptor("java.lang.String", "java.lang.String"),
                0,
                RecordingHooks.INTERNAL_NAME,
                "upper",
                "(Ljava/lang/String;)Ljava/lang/String;"));

    Object result = woven.getMethod("echo", String.class).invoke(null, "quiet");

    assertThat(result).isEqualTo("QUIET");
    Method original = woven.getDeclaredMethod("echo" + HookWeaver.ORIGINAL_SUFFIX, String.class);
    assertThat(Modifier.isStatic(original.getModifiers())).isTrue();
  }

  @Test
  void staticMethodWithThisRejected() throws Exception {
    HookWeaver weaver =
        new HookWeaver(
            List.of(
                MethodHook.scope(
                    RecordingScopeHooks.INTERNAL_NAME,
                    TARGET,
                    "echo",
                    MethodHook.descriptor("java.lang.String", "java.lang.String"),
                    "handler",
                    8)));

    assertThatThrownBy(() -> weaver.weave(TARGET_INTERNAL, classFile()))
        .isInstanceOf(HookWeaver.UnsupportedClassException.class)
        .hasMessageContaining("is static and has no this");
  }

  @Test
  void typeInitializerHookRunsAtItsEnd() throws Exception {
    Class<?> woven =
        wovenClass(
            MethodHook.afterTypeInitializer(
                RecordingScopeHooks.INTERNAL_NAME, TARGET, "handler", 9));
    assertThat(RecordingHooks.CALLS).isEmpty();

    Object target = woven.getConstructor().newInstance();
    Object result = call(target, "greet", new Class<?>[] {String.class}, "Ada");

    assertThat(RecordingHooks.CALLS)
        .containsExactly("scope enter handler 9 HookTarget (no this) null");
    assertThat(result).isEqualTo("hello Ada");
  }

  @Test
  void afterReturnHookSeesReturnedValue() throws Exception {
    Object target = wovenInstance(greetAfterReturnHook());

    Object result = call(target, "greet", new Class<?>[] {String.class}, "Ada");

    assertThat(result).isEqualTo("hello Ada");
    assertThat(RecordingHooks.CALLS)
        .containsExactly("scope enter handler 5 HookTarget (own class) hello Ada");
  }

  @Test
  void afterReturnHookSkippedOnThrow() throws Exception {
    Object target =
        wovenInstance(
            MethodHook.afterReturn(
                RecordingScopeHooks.INTERNAL_NAME,
                TARGET,
                "fail",
                MethodHook.descriptor("java.lang.String", "java.lang.String"),
                "handler",
                5));

    assertThatThrownBy(() -> call(target, "fail", new Class<?>[] {String.class}, "bad input"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("bad input");
    assertThat(RecordingHooks.CALLS).isEmpty();
  }

  @Test
  void oldClassFileRejected() throws Exception {
    byte[] old = classFile();
    old[6] = 0;
    old[7] = 49;
    HookWeaver weaver = new HookWeaver(List.of(greetHook()));

    assertThatThrownBy(() -> weaver.weave(TARGET_INTERNAL, old))
        .isInstanceOf(HookWeaver.UnsupportedClassException.class);
  }

  private static MethodHook greetHook() {
    return MethodHook.bridge(
        RecordingHooks.INTERNAL_NAME,
        TARGET,
        "greet",
        MethodHook.descriptor("java.lang.String", "java.lang.String"),
        "handler",
        7);
  }

  private static MethodHook greetAfterReturnHook() {
    return MethodHook.afterReturn(
        RecordingScopeHooks.INTERNAL_NAME,
        TARGET,
        "greet",
        MethodHook.descriptor("java.lang.String", "java.lang.String"),
        "handler",
        5);
  }

  /** A scope hook on {@code greet} of every concrete class named {@code ...hooks.*HookTarget}. */
  private static MethodHook greetPatternHook() {
    return MethodHook.scope(
            RecordingScopeHooks.INTERNAL_NAME,
            TypeSelector.nameStartsWith("com.langfuse.agent.internal.hooks.")
                .endingWith("HookTarget"),
            "greet",
            MethodHook.descriptor("java.lang.String", "java.lang.String"),
            "handler",
            6)
        .replacingReturned();
  }

  private static Object wovenInstance(MethodHook hook) throws Exception {
    return wovenClass(hook).getConstructor().newInstance();
  }

  private static Class<?> wovenClass(MethodHook hook) throws IOException {
    byte[] woven = new HookWeaver(List.of(hook)).weave(TARGET_INTERNAL, classFile());
    assertThat(woven).isNotNull();
    return new SingleClassLoader(woven).define();
  }

  private static Object call(Object target, String name, Class<?>[] types, Object... arguments)
      throws Exception {
    try {
      return target.getClass().getMethod(name, types).invoke(target, arguments);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception) {
        throw (Exception) e.getCause();
      }
      throw e;
    }
  }

  private static byte[] classFile() throws IOException {
    return classFile(HookTarget.class);
  }

  private static byte[] classFile(Class<?> type) throws IOException {
    try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
      return in.readAllBytes();
    }
  }

  /** Defines the woven target; every other class comes from the test's class loader. */
  private static final class SingleClassLoader extends ClassLoader {
    private final byte[] classFile;

    SingleClassLoader(byte[] classFile) {
      super(HookWeaverTest.class.getClassLoader());
      this.classFile = classFile;
    }

    Class<?> define() {
      return defineClass(TARGET, classFile, 0, classFile.length);
    }
  }
}
