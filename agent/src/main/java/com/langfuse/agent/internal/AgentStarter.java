package com.langfuse.agent.internal;

import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.AgentRuntime;
import com.langfuse.agent.bootstrap.AgentVersion;
import com.langfuse.agent.bootstrap.config.AgentConfig;
import com.langfuse.agent.bootstrap.export.AgentStats;
import com.langfuse.agent.bootstrap.export.TaskManager;
import com.langfuse.agent.bootstrap.trace.ContentCapture;
import com.langfuse.agent.bootstrap.trace.TraceSampler;
import com.langfuse.agent.bootstrap.trace.Tracer;
import com.langfuse.agent.internal.context.LoggingContextListener;
import com.langfuse.agent.internal.context.ParentIdentityListener;
import com.langfuse.agent.internal.exporter.OtlpHttpExporter;
import com.langfuse.agent.internal.lifecycle.CracRegistration;
import java.lang.instrument.Instrumentation;
import java.util.List;

/**
 * Reads the configuration, wires the TaskManager and installs the instrumentation. Runs on the
 * application's main thread during premain, so it opens no connection and starts no thread but
 * {@link HookWatch}'s: the TaskManager starts its own and connects on the first span.
 */
public final class AgentStarter {

  private AgentStarter() {}

  /**
   * Called reflectively by premain ({@code attachedLate} false) or agentmain (true); never throws.
   */
  public static void start(Instrumentation instrumentation, boolean attachedLate) {
    try {
      AgentConfig config = AgentConfig.fromEnvironment();
      AgentLog.setLevel(config.debug() ? AgentLog.Level.DEBUG : AgentLog.Level.INFO);
      for (String warning : config.warnings()) {
        AgentLog.warn(warning);
      }
      if (!config.isEnabled()) {
        // A reason that came with a warning was just logged; the INFO line does not repeat it.
        String reason =
            config.warnings().contains(config.disabledReason())
                ? "see the warning above"
                : config.disabledReason();
        AgentLog.info(
            "tracing is disabled ("
                + reason
                + "); no instrumentation installed, the application runs untraced");
        return;
      }

      JdkInternals.readAgentClassesFromClassPath(instrumentation);
      AgentStats stats = new AgentStats();
      TaskManager taskManager = new TaskManager(config, () -> new OtlpHttpExporter(config), stats);
      taskManager.registerShutdownHook();
      AgentRuntime.set(config, taskManager);
      ContentCapture.setEnabled(config.captureContent());
      Tracer.setSampler(new TraceSampler(config.sampleRate()));
      if (config.isInstrumentationEnabled("mdc")) {
        Tracer.addStartListener(
            new LoggingContextListener(
                config.mdcUserIdKey(),
                config.mdcSessionIdKey(),
                JdkInternals.mayBeInitialized(instrumentation),
                JdkInternals.packageOpener(instrumentation)));
      }
      // After the logging context, so that a thread's own MDC values win over the parent's.
      Tracer.addStartListener(new ParentIdentityListener());
      Tracer.setSink(taskManager);
      Tracer.setRemoteParent(config.remoteParent());
      CracRegistration.register(taskManager, config.shutdownTimeoutMillis());

      List<String> installed = AgentInstaller.install(instrumentation, config, attachedLate);
      AgentLog.info(
          "started version "
              + AgentVersion.get()
              + ", "
              + config
              + ", instrumentations "
              + installed);
    } catch (Throwable t) {
      AgentLog.error("agent start failed, the application runs untraced", t);
    }
  }
}
