package com.langfuse.agent.internal;

import com.langfuse.agent.advice.MethodHook;
import com.langfuse.agent.advice.TypeSelector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Applies {@link MethodHook}s to a class file with ASM alone, which loads a few dozen classes where
 * Byte Buddy's advice loads over a thousand. Each hooked method keeps its code under a new private
 * name, and a method with the original name, access and descriptor calls the hooks around it. A
 * hooked static initializer keeps its name and gets the hook's call before each return instead.
 * Adding a method is allowed only while a class is first defined, so the caller uses this for
 * loading classes and Byte Buddy for classes that are already loaded.
 */
final class HookWeaver {

  /** The suffix of the renamed original methods; it shows in stack traces. */
  static final String ORIGINAL_SUFFIX = "$langfuse$original";

  private static final int EXCLUDED_ACCESS =
      Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE | Opcodes.ACC_SYNTHETIC;

  private final Map<String, List<MethodHook>> hooksByClass = new HashMap<>();
  private final List<MethodHook> patternHooks = new ArrayList<>();
  private final Map<MethodHook, List<TypeSelector>> yieldTo = new IdentityHashMap<>();

  HookWeaver(List<MethodHook> hooks) {
    this(hooks, Map.of());
  }

  /**
   * Creates a weaver for {@code hooks}. A hook on a class name pattern skips the classes that a
   * selector of its {@code yieldTo} entry may select by name: another module instruments them too,
   * so they go to Byte Buddy, where the advice of both modules applies.
   */
  HookWeaver(List<MethodHook> hooks, Map<MethodHook, List<TypeSelector>> yieldTo) {
    for (MethodHook hook : hooks) {
      if (hook.concreteClasses() != null) {
        patternHooks.add(hook);
      } else {
        hooksByClass.computeIfAbsent(hook.className(), name -> new ArrayList<>()).add(hook);
      }
    }
    this.yieldTo.putAll(yieldTo);
  }

  /** Returns whether hooks exist for the class with this internal name. */
  boolean covers(String internalName) {
    return hooksByClass.containsKey(internalName) || !patternHooksFor(internalName).isEmpty();
  }

  /**
   * Returns the class file with the hooks applied, or null when no hooked method is in it. Throws
   * {@link UnsupportedClassException} for a class file older than Java 6, whose methods carry no
   * stack map frames, so that the caller can use Byte Buddy for it.
   */
  byte[] weave(String internalName, byte[] classFile) {
    List<MethodHook> hooks =
        new ArrayList<>(hooksByClass.getOrDefault(internalName, Collections.emptyList()));
    hooks.addAll(patternHooksFor(internalName));
    // The ASM code is in the nested class, so that loading this class at start-up loads no ASM.
    return HookingClassVisitor.weave(internalName, hooks, classFile);
  }

  private List<MethodHook> patternHooksFor(String internalName) {
    List<MethodHook> matching = new ArrayList<>();
    for (MethodHook hook : patternHooks) {
      if (hook.concreteClasses().mayMatchName(internalName, false) && !yields(hook, internalName)) {
        matching.add(hook);
      }
    }
    return matching;
  }

  private boolean yields(MethodHook hook, String internalName) {
    for (TypeSelector selector : yieldTo.getOrDefault(hook, Collections.emptyList())) {
      if (selector.mayMatchName(internalName, false)) {
        return true;
      }
    }
    return false;
  }

  /** A class file this weaver cannot change; Byte Buddy can. */
  static final class UnsupportedClassException extends RuntimeException {
    UnsupportedClassException(String message) {
      super(message, null, false, false);
    }
  }

  /** Renames each hooked method and adds its replacement. */
  private static final class HookingClassVisitor extends ClassVisitor {
    private final String internalName;
    private final List<MethodHook> hooks;
    boolean hooked;

    private boolean isInterface;
    private boolean isConcrete;

    HookingClassVisitor(ClassVisitor next, String internalName, List<MethodHook> hooks) {
      super(Opcodes.ASM9, next);
      this.internalName = internalName;
      this.hooks = hooks;
    }

    static byte[] weave(String internalName, List<MethodHook> hooks, byte[] classFile) {
      ClassReader reader = new ClassReader(classFile);
      int version = reader.readUnsignedShort(6);
      if (version < Opcodes.V1_6) {
        throw new UnsupportedClassException(internalName + " has class file version " + version);
      }
      ClassWriter writer = new ClassWriter(reader, 0);
      HookingClassVisitor visitor = new HookingClassVisitor(writer, internalName, hooks);
      reader.accept(visitor, 0);
      return visitor.hooked ? writer.toByteArray() : null;
    }

    @Override
    public void visit(
        int version,
        int access,
        String name,
        String signature,
        String superName,
        String[] interfaces) {
      isInterface = (access & Opcodes.ACC_INTERFACE) != 0;
      isConcrete =
          (access & (Opcodes.ACC_INTERFACE | Opcodes.ACC_ABSTRACT | Opcodes.ACC_ENUM)) == 0;
      super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      MethodHook hook = hookFor(access, name, descriptor);
      if (hook == null) {
        return super.visitMethod(access, name, descriptor, signature, exceptions);
      }
      hooked = true;
      if (name.equals(MethodHook.TYPE_INITIALIZER)) {
        // A static initializer cannot be renamed, because only it may set static final fields.
        return new TypeInitializerHook(
            super.visitMethod(access, name, descriptor, signature, exceptions), internalName, hook);
      }
      int originalAccess =
          (access & ~(Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED | Opcodes.ACC_VARARGS))
              | Opcodes.ACC_PRIVATE
              | Opcodes.ACC_SYNTHETIC;
      MethodVisitor wrapper =
          super.visitMethod(
              access & ~Opcodes.ACC_SYNCHRONIZED, name, descriptor, signature, exceptions);
      new HookWrapperWriter(wrapper, access, internalName, name, descriptor, hook).write();
      return super.visitMethod(
          originalAccess, name + ORIGINAL_SUFFIX, descriptor, signature, exceptions);
    }

    private MethodHook hookFor(int access, String name, String descriptor) {
      // Any access: a hook names the method by name and descriptor, which identify one method.
      if (isInterface || (access & EXCLUDED_ACCESS) != 0) {
        return null;
      }
      for (MethodHook hook : hooks) {
        if (hook.concreteClasses() != null && !isConcrete) {
          continue;
        }
        if (hook.methodName().equals(name) && hook.descriptor().equals(descriptor)) {
          return hook;
        }
      }
      return null;
    }
  }
}
