package com.langfuse.agent.advice;

/** One value passed to a hook. */
public final class HookArgument {

  /** The source of the value. */
  public enum Kind {
    STRING,
    INT,
    NULL,
    /** The hooked class itself, as a {@code Class} constant. */
    CLASS,
    THIS,
    ARGUMENT,
    /** An {@code Object[]} of every parameter, primitives boxed. */
    ARGUMENTS,
    STATE,
    RETURNED,
    THROWN
  }

  private final Kind kind;
  private final Object constant;
  private final int index;

  private HookArgument(Kind kind, Object constant, int index) {
    this.kind = kind;
    this.constant = constant;
    this.index = index;
  }

  static HookArgument constant(String value) {
    return new HookArgument(Kind.STRING, value, -1);
  }

  static HookArgument constant(int value) {
    return new HookArgument(Kind.INT, value, -1);
  }

  static HookArgument nullValue() {
    return new HookArgument(Kind.NULL, null, -1);
  }

  static HookArgument hookedClass() {
    return new HookArgument(Kind.CLASS, null, -1);
  }

  static HookArgument argumentArray() {
    return new HookArgument(Kind.ARGUMENTS, null, -1);
  }

  static HookArgument self() {
    return new HookArgument(Kind.THIS, null, -1);
  }

  static HookArgument argument(int index) {
    return new HookArgument(Kind.ARGUMENT, null, index);
  }

  static HookArgument state() {
    return new HookArgument(Kind.STATE, null, -1);
  }

  static HookArgument returned() {
    return new HookArgument(Kind.RETURNED, null, -1);
  }

  static HookArgument thrown() {
    return new HookArgument(Kind.THROWN, null, -1);
  }

  public Kind kind() {
    return kind;
  }

  /** Returns the string or integer constant, for {@link Kind#STRING} and {@link Kind#INT}. */
  public Object constant() {
    return constant;
  }

  /** Returns the parameter index, for {@link Kind#ARGUMENT}. */
  public int index() {
    return index;
  }
}
