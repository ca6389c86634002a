package com.langfuse.agent.instrumentation.process;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import java.util.List;

/**
 * The attributes of a process span: OpenTelemetry's process semantic conventions, and Langfuse's
 * input and output so the command line and the exit code show in the Langfuse UI.
 */
final class ProcessSpans {

  static final String EXECUTABLE_NAME = "process.executable.name";
  static final String COMMAND_ARGS = "process.command_args";
  static final String WORKING_DIRECTORY = "process.working_directory";
  static final String PID = "process.pid";

  /** The span name when the command is empty, which makes the start fail. */
  static final String UNNAMED = "process";

  private ProcessSpans() {}

  /** Returns the executable's file name without its directory: {@code java} for /usr/bin/java. */
  static String baseName(String executable) {
    if (executable == null || executable.isEmpty()) {
      return UNNAMED;
    }
    int slash = Math.max(executable.lastIndexOf('/'), executable.lastIndexOf('\\'));
    String name = executable.substring(slash + 1);
    return name.isEmpty() ? UNNAMED : name;
  }

  /** Records the redacted command line and the working directory, at start. */
  static void recordStart(SpanData span, List<String> redactedCommand, String directory) {
    span.setAttribute(EXECUTABLE_NAME, span.name());
    span.setAttribute(COMMAND_ARGS, redactedCommand);
    span.setAttribute(WORKING_DIRECTORY, directory);
    StringBuilder input = new StringBuilder("{\"command\":[");
    for (int i = 0; i < redactedCommand.size(); i++) {
      if (i > 0) {
        input.append(',');
      }
      appendJsonString(input, redactedCommand.get(i));
    }
    input.append("],\"directory\":");
    appendJsonString(input, directory);
    span.setAttribute(LangfuseAttributes.OBSERVATION_INPUT, input.append('}').toString());
  }

  /** Records the exit code; a non-zero code makes the span an error. */
  static void recordExit(SpanData span, int exitCode) {
    span.setAttribute(RunningProcesses.EXIT_CODE, exitCode);
    span.setAttribute(LangfuseAttributes.OBSERVATION_OUTPUT, "{\"exit_code\":" + exitCode + "}");
    if (exitCode != 0) {
      span.recordError("exited with code " + exitCode);
    }
  }

  /** Records a start that threw: the exception the application receives, as an error. */
  static void recordFailedStart(SpanData span, Throwable thrown) {
    String message = thrown.getMessage();
    span.recordError(
        "start failed: " + thrown.getClass().getName() + (message == null ? "" : ": " + message));
  }

  private static void appendJsonString(StringBuilder out, String value) {
    if (value == null) {
      out.append("null");
      return;
    }
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }
}
