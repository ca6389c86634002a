package com.langfuse.agent.advice;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

/**
 * Checks each module's method hooks against the real classes they hook (the JDK's and the library
 * versions this module compiles against) and against the module's Byte Buddy advice, which must
 * cover the same methods for classes loaded before the agent.
 */
class ModuleHooksTest {

  @Test
  void hookedClassesAreSelected() {
    for (InstrumentationModule module : InstrumentationModules.all()) {
      List<String> selected = new ArrayList<>();
      for (TypeSelector selector : module.typeSelectors()) {
        selected.add(selector.exactName());
      }
      for (MethodHook hook : module.methodHooks()) {
        assertThat(selected).as(module.name()).contains(hook.className());
      }
    }
  }

  @Test
  void hookedMethodsExistAndAreAdvised() throws Exception {
    int checked = 0;
    for (InstrumentationModule module : InstrumentationModules.all()) {
      for (MethodHook hook : module.methodHooks()) {
        Class<?> type =
            Class.forName(
                hook.className().replace('/', '.'), false, ModuleHooksTest.class.getClassLoader());
        Method method = declared(type, hook.methodName(), hook.descriptor());

        assertThat(method)
            .as(hook.className() + "." + hook.methodName() + hook.descriptor())
            .isNotNull();
        assertThat(advised(module, type, method))
            .as("advice for " + hook.className() + "." + hook.methodName() + hook.descriptor())
            .isTrue();
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(33);
  }

  @Test
  void everyAdvisedMethodOfHookedClassHooked() throws Exception {
    for (InstrumentationModule module : InstrumentationModules.all()) {
      for (MethodHook hook : module.methodHooks()) {
        Class<?> type =
            Class.forName(
                hook.className().replace('/', '.'), false, ModuleHooksTest.class.getClassLoader());
        for (Method method : type.getDeclaredMethods()) {
          // A bridge method only calls the hooked method, so the hook covers it.
          if (method.isBridge() || !advised(module, type, method)) {
            continue;
          }
          String descriptor = new MethodDescription.ForLoadedMethod(method).getDescriptor();

          // The weaver takes the whole class, so Byte Buddy's advice would not reach a method
          // without a hook.
          assertThat(hooked(module, hook.className(), method.getName(), descriptor))
              .as("hook for advised " + type.getName() + "." + method.getName() + descriptor)
              .isTrue();
        }
      }
    }
  }

  private static boolean hooked(
      InstrumentationModule module, String className, String name, String descriptor) {
    for (MethodHook hook : module.methodHooks()) {
      if (hook.className().equals(className)
          && hook.methodName().equals(name)
          && hook.descriptor().equals(descriptor)) {
        return true;
      }
    }
    return false;
  }

  private static Method declared(Class<?> type, String name, String descriptor) {
    for (Method method : type.getDeclaredMethods()) {
      if (method.getName().equals(name)
          && new MethodDescription.ForLoadedMethod(method).getDescriptor().equals(descriptor)) {
        return method;
      }
    }
    return null;
  }

  private static boolean advised(InstrumentationModule module, Class<?> type, Method method) {
    TypeDescription typeDescription = TypeDescription.ForLoadedType.of(type);
    MethodDescription methodDescription = new MethodDescription.ForLoadedMethod(method);
    for (TypeInstrumentation instrumentation : module.typeInstrumentations()) {
      if (!instrumentation.typeMatcher().matches(typeDescription)) {
        continue;
      }
      for (TypeInstrumentation.MethodAdvice advice : instrumentation.advice()) {
        if (advice.methods().matches(methodDescription)) {
          return true;
        }
      }
    }
    return false;
  }
}
