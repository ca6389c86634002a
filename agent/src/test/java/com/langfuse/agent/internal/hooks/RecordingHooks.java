package com.langfuse.agent.internal.hooks;

import java.util.ArrayList;
import java.util.List;

/**
 * Hook methods with the parameters of the bridge's, recording each call. The woven test class calls
 * them from its own class loader, which delegates to the test's.
 */
public final class RecordingHooks {

  public static final String INTERNAL_NAME = "com/langfuse/agent/internal/hooks/RecordingHooks";
  public static final List<String> CALLS = new ArrayList<>();
  public static boolean enterThrows;
  public static boolean exitThrows;

  private RecordingHooks() {}

  public static Object enter(String handler, int operation, Object self, Object request) {
    CALLS.add(
        "enter "
            + handler
            + " "
            + operation
            + " "
            + self.getClass().getSimpleName()
            + " "
            + request);
    if (enterThrows) {
      throw new IllegalStateException("enter hook failed");
    }
    return "state-" + operation;
  }

  public static Object exit(Object state, int operation, Object returned, Throwable thrown) {
    CALLS.add("exit " + state + " " + operation + " " + returned + " " + thrown);
    if (exitThrows) {
      throw new IllegalStateException("exit hook failed");
    }
    return returned == null ? null : returned + " (traced)";
  }

  public static Runnable wrap(Runnable task) {
    CALLS.add("wrap");
    return () -> {
      CALLS.add("wrapper runs");
      task.run();
    };
  }

  public static String upper(String text) {
    return text.toUpperCase(java.util.Locale.ROOT);
  }

  public static void reset() {
    CALLS.clear();
    enterThrows = false;
    exitThrows = false;
  }
}
