package com.langfuse.agent.advice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

/**
 * Checks each module's method hooks against the real classes they hook (the JDK's and the library
 * versions this module compiles and tests against) and against the module's Byte Buddy advice,
 * which must cover the same methods for classes loaded before the agent. The classes are read from
 * their class files, so their dependencies need not be on the class path.
 */
class ModuleHooksTest {

  /** Real classes that hooks on a class name pattern apply to, by the pattern's selector. */
  private static final Map<String, List<String>> PATTERN_CLASSES =
      Map.of(
          "TypeSelector[prefix=org/springframework/ai/, suffix=ChatModel]",
          List.of(
              "org.springframework.ai.openai.OpenAiChatModel",
              "org.springframework.ai.anthropic.AnthropicChatModel"));

  private final ClassFileLocator locator =
      ClassFileLocator.ForClassLoader.of(ModuleHooksTest.class.getClassLoader());
  private final TypePool pool = TypePool.Default.of(locator);

  @Test
  void hookedClassesAreSelected() {
    for (InstrumentationModule module : InstrumentationModules.all()) {
      List<String> selected = new ArrayList<>();
      for (TypeSelector selector : module.typeSelectors()) {
        selected.add(selector.exactName());
      }
      for (MethodHook hook : module.methodHooks()) {
        if (hook.concreteClasses() != null) {
          assertThat(module.typeSelectors()).as(module.name()).contains(hook.concreteClasses());
        } else {
          assertThat(selected).as(module.name()).contains(hook.className());
        }
      }
    }
  }

  @Test
  void hookedMethodsExistAndAreAdvised() throws IOException {
    int checked = 0;
    for (InstrumentationModule module : InstrumentationModules.all()) {
      for (MethodHook hook : module.methodHooks()) {
        for (TypeDescription type : hookedTypes(hook)) {
          MethodDescription method = declared(type, hook.methodName(), hook.descriptor());

          assertThat(method)
              .as(type.getName() + "." + hook.methodName() + hook.descriptor())
              .isNotNull();
          assertThat(advised(module, type, method))
              .as("advice for " + type.getName() + "." + hook.methodName() + hook.descriptor())
              .isTrue();
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(52);
  }

  @Test
  void everyAdvisedMethodOfHookedClassHooked() {
    for (InstrumentationModule module : InstrumentationModules.all()) {
      for (MethodHook hook : module.methodHooks()) {
        for (TypeDescription type : hookedTypes(hook)) {
          List<MethodDescription> methods = new ArrayList<>(type.getDeclaredMethods());
          methods.add(new MethodDescription.Latent.TypeInitializer(type));
          for (MethodDescription method : methods) {
            // A bridge method only calls the hooked method, so the hook covers it.
            if (method.isBridge() || !advised(module, type, method)) {
              continue;
            }

            // The weaver takes the whole class, so Byte Buddy's advice would not reach a method
            // without a hook.
            assertThat(hooked(module, type, method.getInternalName(), method.getDescriptor()))
                .as("hook for advised " + type.getName() + "." + method + method.getDescriptor())
                .isTrue();
          }
        }
      }
    }
  }

  @Test
  void patternAdviceSkipsInterfaces() {
    TypeDescription chatModel =
        pool.describe("org.springframework.ai.chat.model.ChatModel").resolve();
    for (InstrumentationModule module : InstrumentationModules.all()) {
      for (TypeInstrumentation instrumentation : module.typeInstrumentations()) {
        // The interface matches the pattern by name. The weaver leaves every abstract class alone,
        // so the advice must leave it alone too.
        if (instrumentation.selector().mayMatchName(chatModel.getInternalName(), false)) {
          assertThat(instrumentation.typeMatcher().matches(chatModel)).isFalse();
        }
      }
    }
  }

  private List<TypeDescription> hookedTypes(MethodHook hook) {
    List<String> names = new ArrayList<>();
    if (hook.concreteClasses() != null) {
      names.addAll(PATTERN_CLASSES.getOrDefault(hook.concreteClasses().toString(), List.of()));
      assertThat(names).as("real classes for " + hook.concreteClasses()).isNotEmpty();
    } else {
      names.add(hook.className().replace('/', '.'));
    }
    List<TypeDescription> types = new ArrayList<>();
    for (String name : names) {
      types.add(pool.describe(name).resolve());
    }
    return types;
  }

  private static boolean hooked(
      InstrumentationModule module, TypeDescription type, String name, String descriptor) {
    for (MethodHook hook : module.methodHooks()) {
      boolean onType =
          hook.concreteClasses() != null
              ? hook.concreteClasses().mayMatchName(type.getInternalName(), false)
              : hook.className().equals(type.getInternalName());
      if (onType && hook.methodName().equals(name) && hook.descriptor().equals(descriptor)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the method of {@code type} with this name and descriptor, or null. A type pool leaves
   * the static initializer out of the declared methods, so it is looked up in the class file.
   */
  private MethodDescription declared(TypeDescription type, String name, String descriptor)
      throws IOException {
    if (name.equals(MethodHook.TYPE_INITIALIZER)) {
      return hasTypeInitializer(type) ? new MethodDescription.Latent.TypeInitializer(type) : null;
    }
    for (MethodDescription method : type.getDeclaredMethods()) {
      if (method.getInternalName().equals(name) && method.getDescriptor().equals(descriptor)) {
        return method;
      }
    }
    return null;
  }

  private boolean hasTypeInitializer(TypeDescription type) throws IOException {
    byte[] classFile = locator.locate(type.getName()).resolve();
    boolean[] found = {false};
    ClassVisitor visitor =
        new ClassVisitor(Opcodes.ASM9) {
          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] exceptions) {
            found[0] |= name.equals(MethodHook.TYPE_INITIALIZER);
            return null;
          }
        };
    new ClassReader(classFile).accept(visitor, ClassReader.SKIP_CODE);
    return found[0];
  }

  private static boolean advised(
      InstrumentationModule module, TypeDescription type, MethodDescription method) {
    for (TypeInstrumentation instrumentation : module.typeInstrumentations()) {
      if (!instrumentation.typeMatcher().matches(type)) {
        continue;
      }
      for (TypeInstrumentation.MethodAdvice advice : instrumentation.advice()) {
        if (advice.methods().matches(method)) {
          return true;
        }
      }
    }
    return false;
  }
}
