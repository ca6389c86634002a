package com.langfuse.agent.internal;

import com.langfuse.agent.bootstrap.config.AgentConfig;
import com.langfuse.agent.bootstrap.export.TaskManager;

/** The started agent's configuration and TaskManager, for lifecycle code that runs later. */
public final class AgentRuntime {

  private static volatile AgentConfig config;
  private static volatile TaskManager taskManager;

  private AgentRuntime() {}

  static void set(AgentConfig newConfig, TaskManager newTaskManager) {
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
