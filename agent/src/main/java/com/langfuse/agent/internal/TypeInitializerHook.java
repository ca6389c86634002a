package com.langfuse.agent.internal;

import com.langfuse.agent.advice.HookArgument;
import com.langfuse.agent.advice.HookCall;
import com.langfuse.agent.advice.MethodHook;
import com.langfuse.agent.internal.HookWeaver.UnsupportedClassException;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Copies a static initializer and adds a hook's exit call before each of its returns. The added
 * code has no branch, so the initializer's stack map frames stay valid. Unlike a wrapper, it has no
 * exception handler either, so the hook must catch every exception itself, as {@code
 * ScopeBridge.enter} does.
 */
final class TypeInitializerHook extends MethodVisitor {

  private final String owner;
  private final HookCall call;

  TypeInitializerHook(MethodVisitor next, String owner, MethodHook hook) {
    super(Opcodes.ASM9, next);
    this.owner = owner;
    this.call = hook.exit();
    if (hook.enter() != null || call == null) {
      throw new UnsupportedClassException(owner + " static initializer hook needs one exit call");
    }
    for (HookArgument argument : call.arguments()) {
      switch (argument.kind()) {
        case STRING:
        case INT:
        case NULL:
        case CLASS:
          break;
        default:
          throw new UnsupportedClassException(
              owner + " static initializer hook cannot pass " + argument.kind());
      }
    }
  }

  @Override
  public void visitInsn(int opcode) {
    if (opcode == Opcodes.RETURN) {
      writeCall();
    }
    super.visitInsn(opcode);
  }

  @Override
  public void visitMaxs(int maxStack, int maxLocals) {
    // Every argument takes one stack word, and the result at most two.
    int callStack = Math.max(call.arguments().size(), 2);
    super.visitMaxs(maxStack + callStack, maxLocals);
  }

  private void writeCall() {
    for (HookArgument argument : call.arguments()) {
      switch (argument.kind()) {
        case NULL:
          super.visitInsn(Opcodes.ACONST_NULL);
          break;
        case CLASS:
          super.visitLdcInsn(Type.getObjectType(owner));
          break;
        default:
          super.visitLdcInsn(argument.constant());
          break;
      }
    }
    super.visitMethodInsn(
        Opcodes.INVOKESTATIC, call.owner(), call.name(), call.descriptor(), false);
    Type result = Type.getReturnType(call.descriptor());
    if (result.getSort() != Type.VOID) {
      super.visitInsn(result.getSize() == 2 ? Opcodes.POP2 : Opcodes.POP);
    }
  }
}
