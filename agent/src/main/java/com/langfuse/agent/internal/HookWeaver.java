package com.langfuse.agent.internal;

import com.langfuse.agent.advice.MethodHook;
import com.langfuse.agent.advice.MethodHook.HookArgument;
import com.langfuse.agent.advice.MethodHook.HookCall;
import com.langfuse.agent.advice.MethodHook.HookResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Applies {@link MethodHook}s to a class file with ASM alone, which loads a few dozen classes where
 * Byte Buddy's advice loads over a thousand. Each hooked method keeps its code under a new private
 * name, and a method with the original name, access and descriptor calls the hooks around it.
 * Adding a method is allowed only while a class is first defined, so the caller uses this for
 * loading classes and Byte Buddy for classes that are already loaded.
 */
final class HookWeaver {

  /** The suffix of the renamed original methods; it shows in stack traces. */
  static final String ORIGINAL_SUFFIX = "$langfuse$original";

  private static final int REQUIRED_ACCESS = Opcodes.ACC_PUBLIC;
  private static final int EXCLUDED_ACCESS =
      Opcodes.ACC_STATIC
          | Opcodes.ACC_ABSTRACT
          | Opcodes.ACC_NATIVE
          | Opcodes.ACC_BRIDGE
          | Opcodes.ACC_SYNTHETIC;

  private final Map<String, List<MethodHook>> hooksByClass = new HashMap<>();

  HookWeaver(List<MethodHook> hooks) {
    for (MethodHook hook : hooks) {
      hooksByClass.computeIfAbsent(hook.className(), name -> new ArrayList<>()).add(hook);
    }
  }

  /** Returns whether hooks exist for the class with this internal name. */
  boolean covers(String internalName) {
    return hooksByClass.containsKey(internalName);
  }

  /**
   * Returns the class file with the hooks applied, or null when no hooked method is in it. Throws
   * {@link UnsupportedClassException} for a class file older than Java 6, whose methods carry no
   * stack map frames, so that the caller can use Byte Buddy for it.
   */
  byte[] weave(String internalName, byte[] classFile) {
    // The ASM code is in the nested class, so that loading this class at start-up loads no ASM.
    return HookingClassVisitor.weave(internalName, hooksByClass.get(internalName), classFile);
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
      int originalAccess =
          (access & ~(Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED | Opcodes.ACC_VARARGS))
              | Opcodes.ACC_PRIVATE
              | Opcodes.ACC_SYNTHETIC;
      MethodVisitor wrapper =
          super.visitMethod(
              access & ~Opcodes.ACC_SYNCHRONIZED, name, descriptor, signature, exceptions);
      new WrapperWriter(wrapper, internalName, name, descriptor, hook).write();
      return super.visitMethod(
          originalAccess, name + ORIGINAL_SUFFIX, descriptor, signature, exceptions);
    }

    private MethodHook hookFor(int access, String name, String descriptor) {
      if (isInterface
          || (access & REQUIRED_ACCESS) != REQUIRED_ACCESS
          || (access & EXCLUDED_ACCESS) != 0) {
        return null;
      }
      for (MethodHook hook : hooks) {
        if (hook.methodName().equals(name) && hook.descriptor().equals(descriptor)) {
          return hook;
        }
      }
      return null;
    }
  }

  /**
   * Writes the replacement method. Its locals are {@code this}, the parameters, then the enter
   * hook's state (when it keeps one), then the returned value or the thrown exception. Every branch
   * target carries an expanded stack map frame, written here because the class writer computes
   * none.
   */
  private static final class WrapperWriter {
    private final MethodVisitor code;
    private final String owner;
    private final String name;
    private final String descriptor;
    private final MethodHook hook;
    private final Type[] parameters;
    private final Type returnType;
    private final int[] parameterSlots;
    private final int stateSlot;
    private final int valueSlot;
    private final boolean keepsState;

    WrapperWriter(
        MethodVisitor code, String owner, String name, String descriptor, MethodHook hook) {
      this.code = code;
      this.owner = owner;
      this.name = name;
      this.descriptor = descriptor;
      this.hook = hook;
      this.parameters = Type.getArgumentTypes(descriptor);
      this.returnType = Type.getReturnType(descriptor);
      this.parameterSlots = new int[parameters.length];
      int slot = 1;
      for (int i = 0; i < parameters.length; i++) {
        parameterSlots[i] = slot;
        slot += parameters[i].getSize();
      }
      this.stateSlot = slot;
      this.keepsState =
          hook.enter() != null && hook.enter().result().kind() == HookResult.Kind.STATE;
      this.valueSlot = keepsState ? slot + 1 : slot;
    }

    void write() {
      checkReferenceArguments(hook.enter());
      checkReferenceArguments(hook.exit());
      code.visitCode();
      if (hook.enter() != null) {
        writeEnter();
      }

      Label callStart = new Label();
      Label callEnd = new Label();
      Label onThrow = new Label();
      boolean catches = hook.exit() != null;
      if (catches) {
        code.visitTryCatchBlock(callStart, callEnd, onThrow, "java/lang/Throwable");
      }
      code.visitLabel(callStart);
      code.visitVarInsn(Opcodes.ALOAD, 0);
      for (int i = 0; i < parameters.length; i++) {
        code.visitVarInsn(parameters[i].getOpcode(Opcodes.ILOAD), parameterSlots[i]);
      }
      code.visitMethodInsn(Opcodes.INVOKESPECIAL, owner, name + ORIGINAL_SUFFIX, descriptor, false);
      code.visitLabel(callEnd);

      boolean returnsValue = returnType.getSort() != Type.VOID;
      if (returnsValue) {
        code.visitVarInsn(returnType.getOpcode(Opcodes.ISTORE), valueSlot);
      }
      if (catches) {
        writeExitCall(false, returnsValue);
      }
      if (returnsValue) {
        code.visitVarInsn(returnType.getOpcode(Opcodes.ILOAD), valueSlot);
      }
      code.visitInsn(returnType.getOpcode(Opcodes.IRETURN));

      if (catches) {
        code.visitLabel(onThrow);
        frame(keepsState, null, "java/lang/Throwable");
        code.visitVarInsn(Opcodes.ASTORE, valueSlot);
        writeExitCall(true, false);
        code.visitVarInsn(Opcodes.ALOAD, valueSlot);
        code.visitInsn(Opcodes.ATHROW);
      }
      code.visitMaxs(maxStack(), valueSlot + 2);
      code.visitEnd();
    }

    /**
     * Rejects a hook that takes or replaces a primitive parameter: hooks take references, and this
     * weaver does not box.
     */
    private void checkReferenceArguments(HookCall call) {
      if (call == null) {
        return;
      }
      for (HookArgument argument : call.arguments()) {
        if (argument.kind() == HookArgument.Kind.ARGUMENT) {
          checkReference(argument.index());
        }
      }
      if (call.result().kind() == HookResult.Kind.REPLACE_ARGUMENT) {
        checkReference(call.result().index());
      }
    }

    private void checkReference(int index) {
      if (index >= parameters.length || parameters[index].getSort() < Type.ARRAY) {
        throw new UnsupportedClassException(
            owner + "." + name + descriptor + " has no reference parameter " + index);
      }
    }

    /** Calls the enter hook and stores its result; an exception leaves a null state. */
    private void writeEnter() {
      HookCall enter = hook.enter();
      guarded(
          () -> {
            pushArguments(enter, false, false);
            invoke(enter);
            storeEnterResult(enter.result());
          },
          () -> {
            if (keepsState) {
              code.visitInsn(Opcodes.ACONST_NULL);
              code.visitVarInsn(Opcodes.ASTORE, stateSlot);
            }
          },
          false,
          keepsState,
          null);
    }

    private void storeEnterResult(HookResult result) {
      if (result.kind() == HookResult.Kind.STATE) {
        code.visitVarInsn(Opcodes.ASTORE, stateSlot);
      } else if (result.kind() == HookResult.Kind.REPLACE_ARGUMENT) {
        Type parameter = parameters[result.index()];
        code.visitTypeInsn(Opcodes.CHECKCAST, parameter.getInternalName());
        code.visitVarInsn(Opcodes.ASTORE, parameterSlots[result.index()]);
      } else {
        popResult(hook.enter());
      }
    }

    /**
     * Calls the exit hook after a return ({@code thrown} false) or a throw. After a return whose
     * value the hook replaces, its result is cast and stored; an exception from the hook keeps the
     * original value.
     */
    private void writeExitCall(boolean thrown, boolean returnsValue) {
      HookCall exit = hook.exit();
      Object valueType = null;
      if (thrown) {
        valueType = "java/lang/Throwable";
      } else if (returnsValue) {
        valueType = frameType(returnType);
      }
      boolean replaces =
          !thrown
              && returnsValue
              && exit.result().kind() == HookResult.Kind.REPLACE_RETURNED
              && returnType.getSort() >= Type.ARRAY;
      guarded(
          () -> {
            pushArguments(exit, !thrown && returnsValue, thrown);
            invoke(exit);
            if (replaces) {
              code.visitTypeInsn(Opcodes.CHECKCAST, returnType.getInternalName());
              code.visitVarInsn(Opcodes.ASTORE, valueSlot);
            } else {
              popResult(exit);
            }
          },
          () -> {},
          keepsState,
          keepsState,
          valueType);
    }

    /**
     * Writes {@code body} inside a handler that drops any exception and then runs {@code onCaught}.
     * The frames list the state before and after as given, then {@code value} when not null.
     */
    private void guarded(
        Runnable body, Runnable onCaught, boolean stateBefore, boolean stateAfter, Object value) {
      Label start = new Label();
      Label end = new Label();
      Label handler = new Label();
      Label after = new Label();
      code.visitTryCatchBlock(start, end, handler, "java/lang/Throwable");
      code.visitLabel(start);
      body.run();
      code.visitLabel(end);
      code.visitJumpInsn(Opcodes.GOTO, after);

      code.visitLabel(handler);
      frame(stateBefore, value, "java/lang/Throwable");
      code.visitInsn(Opcodes.POP);
      onCaught.run();
      code.visitLabel(after);
      frame(stateAfter, value, null);
    }

    private void pushArguments(HookCall call, boolean hasReturned, boolean hasThrown) {
      for (HookArgument argument : call.arguments()) {
        switch (argument.kind()) {
          case STRING:
            code.visitLdcInsn(argument.constant());
            break;
          case INT:
            code.visitLdcInsn(argument.constant());
            break;
          case THIS:
            code.visitVarInsn(Opcodes.ALOAD, 0);
            break;
          case ARGUMENT:
            Type parameter = parameters[argument.index()];
            code.visitVarInsn(parameter.getOpcode(Opcodes.ILOAD), parameterSlots[argument.index()]);
            break;
          case STATE:
            code.visitVarInsn(Opcodes.ALOAD, stateSlot);
            break;
          case RETURNED:
            if (hasReturned && returnType.getSort() >= Type.ARRAY) {
              code.visitVarInsn(Opcodes.ALOAD, valueSlot);
            } else {
              code.visitInsn(Opcodes.ACONST_NULL);
            }
            break;
          case THROWN:
            if (hasThrown) {
              code.visitVarInsn(Opcodes.ALOAD, valueSlot);
            } else {
              code.visitInsn(Opcodes.ACONST_NULL);
            }
            break;
          default:
            throw new IllegalStateException("unknown hook argument " + argument.kind());
        }
      }
    }

    private void invoke(HookCall call) {
      code.visitMethodInsn(
          Opcodes.INVOKESTATIC, call.owner(), call.name(), call.descriptor(), false);
    }

    private void popResult(HookCall call) {
      Type result = Type.getReturnType(call.descriptor());
      if (result.getSort() != Type.VOID) {
        code.visitInsn(result.getSize() == 2 ? Opcodes.POP2 : Opcodes.POP);
      }
    }

    /**
     * Declares the frame at the current label: this, the parameters, the state when {@code
     * withState}, then {@code value} when not null, with {@code stackTop} alone on the stack when
     * not null.
     */
    private void frame(boolean withState, Object value, String stackTop) {
      List<Object> locals = new ArrayList<>();
      locals.add(owner);
      for (Type parameter : parameters) {
        locals.add(frameType(parameter));
      }
      if (withState) {
        locals.add("java/lang/Object");
      }
      if (value != null) {
        locals.add(value);
      }
      Object[] stack = stackTop == null ? new Object[0] : new Object[] {stackTop};
      code.visitFrame(Opcodes.F_NEW, locals.size(), locals.toArray(), stack.length, stack);
    }

    private static Object frameType(Type type) {
      switch (type.getSort()) {
        case Type.BOOLEAN:
        case Type.BYTE:
        case Type.CHAR:
        case Type.SHORT:
        case Type.INT:
          return Opcodes.INTEGER;
        case Type.FLOAT:
          return Opcodes.FLOAT;
        case Type.LONG:
          return Opcodes.LONG;
        case Type.DOUBLE:
          return Opcodes.DOUBLE;
        default:
          return type.getInternalName();
      }
    }

    private int maxStack() {
      int words = 1;
      for (Type parameter : parameters) {
        words += parameter.getSize();
      }
      // Each hook takes at most a few single-word values, and a returned long takes two.
      return Math.max(words, 6) + 2;
    }
  }
}
