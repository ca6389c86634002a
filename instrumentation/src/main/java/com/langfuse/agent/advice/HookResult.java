package com.langfuse.agent.advice;

/** The use of the value a hook returns. */
public final class HookResult {

  /** The destination of the value. */
  public enum Kind {
    /** Dropped. */
    NONE,
    STATE,
    REPLACE_ARGUMENT,
    REPLACE_RETURNED
  }

  private final Kind kind;
  private final int index;

  private HookResult(Kind kind, int index) {
    this.kind = kind;
    this.index = index;
  }

  static HookResult none() {
    return new HookResult(Kind.NONE, -1);
  }

  static HookResult state() {
    return new HookResult(Kind.STATE, -1);
  }

  static HookResult replaceArgument(int index) {
    return new HookResult(Kind.REPLACE_ARGUMENT, index);
  }

  static HookResult replaceReturned() {
    return new HookResult(Kind.REPLACE_RETURNED, -1);
  }

  public Kind kind() {
    return kind;
  }

  /** Returns the parameter index, for {@link Kind#REPLACE_ARGUMENT}. */
  public int index() {
    return index;
  }
}
