package com.langfuse.agent.bootstrap;

import com.langfuse.agent.bootstrap.config.AgentConfig;
import com.langfuse.agent.bootstrap.export.TaskManager;

/**
 * The started agent's configuration and TaskManager, for code that runs later in any class
 * loader: lifecycle hooks (checkpoint and restore, Lambda invocations) and helpers that must flush.
 */
public final class AgentRuntime {

  private static volatile AgentConfig config;
  private static volatile TaskManager taskManager;

  private AgentRuntime() {}

  /** Records the started agent; called once by the installer. */
  public static void set(AgentConfig newConfig, TaskManager newTaskManager) {
    config = newConfig;
    taskManager = newTaskManager;
  }

  /** The configuration, or null before a successful start. */
  public static AgentConfig config() {
    return config;
  }

  /** The TaskManager, or null before a successful start or when tracing is disabled. */
  public static TaskManager taskManager() {
    return taskManager;
  }
}
