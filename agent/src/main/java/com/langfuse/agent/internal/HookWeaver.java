package com.langfuse.agent.internal;

import com.langfuse.agent.advice.MethodHook;
import com.langfuse.agent.advice.MethodHook.HookArgument;
import com.langfuse.agent.advice.MethodHook.HookCall;
import com.langfuse.agent.advice.MethodHook.HookResult;
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

  private static final int EXCLUDED_ACCESS =
      Opcodes.ACC_STATIC
          | Opcodes.ACC_ABSTRACT
          | Opcodes.ACC_NATIVE
          | Opcodes.ACC_BRIDGE
          | Opcodes.ACC_SYNTHETIC;

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
      checkArguments(hook.enter());
      checkArguments(hook.exit());
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
     * Rejects a hook that replaces a primitive parameter, or that passes a parameter that does not
     * exist or that the hook's parameter cannot take. A primitive goes to the same primitive, or
     * boxed to {@code Object}.
     */
    private void checkArguments(HookCall call) {
      if (call == null) {
        return;
      }
      Type[] hookParameters = Type.getArgumentTypes(call.descriptor());
      List<HookArgument> arguments = call.arguments();
      for (int i = 0; i < arguments.size(); i++) {
        HookArgument argument = arguments.get(i);
        if (argument.kind() == HookArgument.Kind.ARGUMENT) {
          checkPassable(argument.index(), hookParameters[i]);
        }
      }
      if (call.result().kind() == HookResult.Kind.REPLACE_ARGUMENT) {
        checkReference(call.result().index());
      }
    }

    private void checkPassable(int index, Type hookParameter) {
      if (index >= parameters.length) {
        throw new UnsupportedClassException(
            owner + "." + name + descriptor + " has no parameter " + index);
      }
      boolean primitive = parameters[index].getSort() < Type.ARRAY;
      boolean passable =
          primitive
              ? hookParameter.equals(parameters[index])
                  || hookParameter.getInternalName().equals("java/lang/Object")
              : hookParameter.getSort() >= Type.ARRAY;
      if (!passable) {
        throw new UnsupportedClassException(
            owner + "." + name + descriptor + " parameter " + index + " is not " + hookParameter);
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
      Type[] hookParameters = Type.getArgumentTypes(call.descriptor());
      for (int i = 0; i < hookParameters.length; i++) {
        HookArgument argument = call.arguments().get(i);
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
          case NULL:
            code.visitInsn(Opcodes.ACONST_NULL);
            break;
          case CLASS:
            code.visitLdcInsn(Type.getObjectType(owner));
            break;
          case ARGUMENT:
            loadParameter(argument.index(), hookParameters[i].getSort() >= Type.ARRAY);
            break;
          case ARGUMENTS:
            pushParameterArray();
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

    /** Loads a parameter, boxed when {@code boxPrimitive} and it is primitive. */
    private void loadParameter(int index, boolean boxPrimitive) {
      Type parameter = parameters[index];
      code.visitVarInsn(parameter.getOpcode(Opcodes.ILOAD), parameterSlots[index]);
      if (boxPrimitive && parameter.getSort() < Type.ARRAY) {
        box(parameter);
      }
    }

    private void pushParameterArray() {
      code.visitLdcInsn(parameters.length);
      code.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
      for (int i = 0; i < parameters.length; i++) {
        code.visitInsn(Opcodes.DUP);
        code.visitLdcInsn(i);
        loadParameter(i, true);
        code.visitInsn(Opcodes.AASTORE);
      }
    }

    /** Replaces the primitive on top of the stack with its wrapper, through {@code valueOf}. */
    private void box(Type primitive) {
      String wrapper;
      switch (primitive.getSort()) {
        case Type.BOOLEAN:
          wrapper = "java/lang/Boolean";
          break;
        case Type.BYTE:
          wrapper = "java/lang/Byte";
          break;
        case Type.CHAR:
          wrapper = "java/lang/Character";
          break;
        case Type.SHORT:
          wrapper = "java/lang/Short";
          break;
        case Type.INT:
          wrapper = "java/lang/Integer";
          break;
        case Type.FLOAT:
          wrapper = "java/lang/Float";
          break;
        case Type.LONG:
          wrapper = "java/lang/Long";
          break;
        case Type.DOUBLE:
          wrapper = "java/lang/Double";
          break;
        default:
          throw new IllegalStateException("not a primitive: " + primitive);
      }
      code.visitMethodInsn(
          Opcodes.INVOKESTATIC,
          wrapper,
          "valueOf",
          "(" + primitive.getDescriptor() + ")L" + wrapper + ";",
          false);
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
      // A hook takes at most a few values; one of them may be two words wide, and filling an
      // argument array needs the array twice, an index and a value of up to two words.
      return Math.max(words, 8) + 6;
    }
  }
}
