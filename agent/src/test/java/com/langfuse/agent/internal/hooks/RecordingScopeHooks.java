package com.langfuse.agent.internal.hooks;

import java.util.Arrays;

/**
 * Hook methods with the parameters of the scope bridge's, recording each call into {@link
 * RecordingHooks#CALLS}.
 */
public final class RecordingScopeHooks {

  public static final String INTERNAL_NAME =
      "com/langfuse/agent/internal/hooks/RecordingScopeHooks";

  private RecordingScopeHooks() {}

  public static Object enter(
      String handler, int operation, Class<?> type, Object self, Object arguments) {
    String shown =
        arguments instanceof Object[]
            ? Arrays.deepToString((Object[]) arguments)
            : String.valueOf(arguments);
    RecordingHooks.CALLS.add(
        "scope enter "
            + handler
            + " "
            + operation
            + " "
            + type.getSimpleName()
            + (self == null ? " (no this) " : "")
            + (self != null && type == self.getClass() ? " (own class) " : "")
            + (self != null && type != self.getClass() ? " (other class) " : "")
            + shown);
    return "scope-" + operation;
  }

  public static void exit(Object state, int operation, Object returned, Throwable thrown) {
    RecordingHooks.CALLS.add(
        "scope exit " + state + " " + operation + " " + returned + " " + thrown);
  }

  public static Object exitReturning(
      Object state, int operation, Object returned, Throwable thrown) {
    RecordingHooks.CALLS.add(
        "scope exitReturning " + state + " " + operation + " " + returned + " " + thrown);
    return returned + " (scoped)";
  }
}
