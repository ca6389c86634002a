package com.langfuse.agent.bootstrap.trace;

import java.lang.ref.Cleaner;

/**
 * One shared {@link Cleaner} for the agent, with a daemon thread started on first use. Stream
 * wrappers register with it so that a stream the application abandons without closing still ends
 * its span once the wrapper is garbage collected.
 */
public final class AgentCleaner {

  private AgentCleaner() {}

  /** Returns the shared cleaner; its thread is named {@code langfuse-agent-cleaner}. */
  public static Cleaner get() {
    return Holder.CLEANER;
  }

  private static final class Holder {
    static final Cleaner CLEANER =
        Cleaner.create(
            runnable -> {
              Thread thread = new Thread(runnable, "langfuse-agent-cleaner");
              thread.setDaemon(true);
              return thread;
            });
  }
}
