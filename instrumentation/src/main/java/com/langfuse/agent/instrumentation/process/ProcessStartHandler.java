package com.langfuse.agent.instrumentation.process;

import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.AgentRuntime;
import com.langfuse.agent.bootstrap.bridge.CallHandler;
import com.langfuse.agent.bootstrap.export.TaskManager;
import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.RemoteParent;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.Tracer;
import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * Traces {@code ProcessBuilder.start}: one span per started process, named after the executable,
 * ended when the process exits, and the span's context passed to the child in its environment.
 *
 * <p>The span's Langfuse observation type is {@code span}, not {@code tool}: Langfuse shows a tool
 * observation as a tool that an LLM called, and the agent cannot tell whether a process was started
 * on a model's request or by the application for its own work (a compiler, a script).
 *
 * <p>This class is defined by the helper loader whose parent is the bootstrap loader, because
 * {@code ProcessBuilder} is a bootstrap class; it uses only JDK and agent bootstrap classes.
 */
public final class ProcessStartHandler implements CallHandler {

  private static final RunningProcesses RUNNING =
      new RunningProcesses(RunningProcesses.MAX_OBSERVED);

  /** This process's own TRACEPARENT, which a child inherits unless it is replaced. */
  private final String inheritedTraceparent = System.getenv(RemoteParent.TRACEPARENT);

  public ProcessStartHandler() {
    TaskManager taskManager = AgentRuntime.taskManager();
    if (taskManager != null) {
      taskManager.runBeforeShutdown(RUNNING::endAll);
    }
  }

  @Override
  public Object onEnter(int operation, Object self, Object request) {
    ProcessBuilder builder = (ProcessBuilder) self;
    List<String> command = new ArrayList<>(builder.command());
    SpanData parent = CurrentSpan.get();
    SpanData span =
        Tracer.startSpan(
            ProcessSpans.baseName(command.isEmpty() ? null : command.get(0)),
            LangfuseAttributes.TYPE_SPAN,
            SpanData.KIND_INTERNAL);
    TraceContextEnvironment change = null;
    try {
      File directory = builder.directory();
      String path = directory != null ? directory.getPath() : System.getProperty("user.dir");
      ProcessSpans.recordStart(span, CommandLineRedactor.redact(command), path);
      change =
          TraceContextEnvironment.inject(
              builder.environment(), span, parent, Tracer.remoteParent(), inheritedTraceparent);
    } catch (RuntimeException e) {
      AgentLog.rateLimited(
          AgentLog.Level.WARN,
          "process-start-context",
          "passing the trace context to a child process failed, it starts a new trace: " + e);
    }
    return new Start(span, change);
  }

  @Override
  public Object onExit(Object state, int operation, Object returned, Throwable thrown) {
    Start start = (Start) state;
    if (start.environment != null) {
      start.environment.restore();
    }
    if (thrown != null || !(returned instanceof Process)) {
      if (thrown != null) {
        ProcessSpans.recordFailedStart(start.span, thrown);
      }
      start.span.end();
      return returned;
    }
    Process process = (Process) returned;
    try {
      start.span.setAttribute(ProcessSpans.PID, process.pid());
    } catch (UnsupportedOperationException e) {
      // The platform cannot name the process; the span goes without a pid.
    }
    RUNNING.observe(start.span, process);
    return returned;
  }

  /** A start in progress: its span and the environment change to undo. */
  private static final class Start {
    final SpanData span;
    final TraceContextEnvironment environment;

    Start(SpanData span, TraceContextEnvironment environment) {
      this.span = span;
      this.environment = environment;
    }
  }
}
