package com.langfuse.agent.benchmarks;

import com.langfuse.agent.bootstrap.config.AgentConfig;
import com.langfuse.agent.bootstrap.export.AgentStats;
import com.langfuse.agent.bootstrap.export.TaskManager;
import com.langfuse.agent.bootstrap.trace.Tracer;
import com.langfuse.agent.internal.exporter.OtlpHttpExporter;
import java.util.HashMap;
import java.util.Map;

/**
 * The agent's export pipeline as AgentStarter wires it (configuration, TaskManager, OTLP exporter,
 * Tracer sink), without the Byte Buddy transformer: benchmarks call the Bridge directly, as the
 * inlined advice would.
 */
final class BenchmarkAgent implements AutoCloseable {

  private final TaskManager taskManager;
  private final AgentStats stats = new AgentStats();
  private final AgentConfig config;

  /** Wires the pipeline to send to {@code baseUrl}, with {@code extra} settings on top. */
  BenchmarkAgent(String baseUrl, Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>();
    settings.put("LANGFUSE_PUBLIC_KEY", LoopbackServers.PUBLIC_KEY);
    settings.put("LANGFUSE_SECRET_KEY", LoopbackServers.SECRET_KEY);
    settings.put("LANGFUSE_BASE_URL", baseUrl);
    settings.putAll(extra);
    config = AgentConfig.fromMap(settings);
    taskManager = new TaskManager(config, () -> new OtlpHttpExporter(config), stats);
    Tracer.setSink(taskManager);
  }

  static AgentConfig config(String baseUrl) {
    Map<String, String> settings = new HashMap<>();
    settings.put("LANGFUSE_PUBLIC_KEY", LoopbackServers.PUBLIC_KEY);
    settings.put("LANGFUSE_SECRET_KEY", LoopbackServers.SECRET_KEY);
    settings.put("LANGFUSE_BASE_URL", baseUrl);
    return AgentConfig.fromMap(settings);
  }

  TaskManager taskManager() {
    return taskManager;
  }

  AgentStats stats() {
    return stats;
  }

  @Override
  public void close() {
    Tracer.setSink(null);
    taskManager.shutdown(1000);
  }
}
