package com.langfuse.agent.internal;

import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.bridge.ClassDefinitions;

/**
 * Checks every {@link #INTERVAL_MILLIS} that {@code ClassLoader} still calls the agent. A Java
 * agent that attaches later is announced by the JDK's {@code InstrumentationImpl}, but a native
 * agent attached later (a JVMTI library through the attach API or {@code jcmd JVMTI.agent_load})
 * may retransform {@code ClassLoader} unannounced, which drops the calls. On that, the transformer
 * takes over and the classes defined in between are retransformed; calls that they made before that
 * stay untraced.
 */
final class HookWatch implements Runnable {

  /** The time between two checks, which bounds how long classes load untraced after a drop. */
  static final long INTERVAL_MILLIS = 5_000;

  private final SelectingTransformer transformer;

  private HookWatch(SelectingTransformer transformer) {
    this.transformer = transformer;
  }

  /** Starts the check on a daemon thread, which ends once the transformer is registered again. */
  static void start(SelectingTransformer transformer) {
    Thread thread = new Thread(new HookWatch(transformer), "langfuse-agent-hook-watch");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void run() {
    try {
      while (transformer.isDefinesHooked()) {
        Thread.sleep(INTERVAL_MILLIS);
        if (transformer.isDefinesHooked() && !ClassDefinitions.hookInPlace()) {
          transformer.hookLost();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      AgentLog.warn("checking the class definition hook failed, the check stops", t);
    }
  }
}
