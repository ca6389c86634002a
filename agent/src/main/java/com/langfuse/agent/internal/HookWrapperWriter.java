package com.langfuse.agent.internal;

import com.langfuse.agent.advice.HookArgument;
import com.langfuse.agent.advice.HookCall;
import com.langfuse.agent.advice.HookResult;
import com.langfuse.agent.advice.MethodHook;
import com.langfuse.agent.internal.HookWeaver.UnsupportedClassException;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Writes the replacement method of a {@link HookWeaver}. Its locals are {@code this} (unless the
 * method is static), the parameters, then the enter hook's state (when it keeps one), then the
 * returned value or the thrown exception. Every branch target carries an expanded stack map frame,
 * written here because the class writer computes none.
 */
final class HookWrapperWriter {
  private final MethodVisitor code;
  private final boolean isStatic;
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

  HookWrapperWriter(
      MethodVisitor code,
      int access,
      String owner,
      String name,
      String descriptor,
      MethodHook hook) {
    this.code = code;
    this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
    this.owner = owner;
    this.name = name;
    this.descriptor = descriptor;
    this.hook = hook;
    this.parameters = Type.getArgumentTypes(descriptor);
    this.returnType = Type.getReturnType(descriptor);
    this.parameterSlots = new int[parameters.length];
    int slot = isStatic ? 0 : 1;
    for (int i = 0; i < parameters.length; i++) {
      parameterSlots[i] = slot;
      slot += parameters[i].getSize();
    }
    this.stateSlot = slot;
    this.keepsState = hook.enter() != null && hook.enter().result().kind() == HookResult.Kind.STATE;
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
    boolean exits = hook.exit() != null;
    boolean catches = exits && hook.exitsOnThrow();
    if (catches) {
      code.visitTryCatchBlock(callStart, callEnd, onThrow, "java/lang/Throwable");
    }
    code.visitLabel(callStart);
    if (!isStatic) {
      code.visitVarInsn(Opcodes.ALOAD, 0);
    }
    for (int i = 0; i < parameters.length; i++) {
      code.visitVarInsn(parameters[i].getOpcode(Opcodes.ILOAD), parameterSlots[i]);
    }
    code.visitMethodInsn(
        isStatic ? Opcodes.INVOKESTATIC : Opcodes.INVOKESPECIAL,
        owner,
        name + HookWeaver.ORIGINAL_SUFFIX,
        descriptor,
        false);
    code.visitLabel(callEnd);

    boolean returnsValue = returnType.getSort() != Type.VOID;
    if (returnsValue) {
      code.visitVarInsn(returnType.getOpcode(Opcodes.ISTORE), valueSlot);
    }
    if (exits) {
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
      } else if (argument.kind() == HookArgument.Kind.THIS && isStatic) {
        throw new UnsupportedClassException(
            owner + "." + name + descriptor + " is static and has no this");
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
    code.visitMethodInsn(Opcodes.INVOKESTATIC, call.owner(), call.name(), call.descriptor(), false);
  }

  private void popResult(HookCall call) {
    Type result = Type.getReturnType(call.descriptor());
    if (result.getSort() != Type.VOID) {
      code.visitInsn(result.getSize() == 2 ? Opcodes.POP2 : Opcodes.POP);
    }
  }

  /**
   * Declares the frame at the current label: this, the parameters, the state when {@code
   * withState}, then {@code value} when not null, with {@code stackTop} alone on the stack when not
   * null.
   */
  private void frame(boolean withState, Object value, String stackTop) {
    List<Object> locals = new ArrayList<>();
    if (!isStatic) {
      locals.add(owner);
    }
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
    // A hook takes at most a few values, one of them up to two words wide. Filling an argument
    // array takes the array twice, an index and a value of up to two words.
    return Math.max(words, 8) + 6;
  }
}
