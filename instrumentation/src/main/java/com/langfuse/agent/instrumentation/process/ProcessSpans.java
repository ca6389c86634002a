package com.langfuse.agent.instrumentation.process;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.roots.JsonValues;
import java.util.ArrayList;
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

  /**
   * The maximum number of arguments recorded; a longer command line ends with a count of the rest.
   */
  static final int MAX_ARGUMENTS = 128;

  /** The maximum length recorded of one argument, such as a long class path. */
  static final int MAX_ARGUMENT_LENGTH = 2048;

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

  /**
   * Records the redacted command line, shortened to {@link #MAX_ARGUMENTS} arguments of {@link
   * #MAX_ARGUMENT_LENGTH} characters, and the working directory, at start.
   */
  static void recordStart(SpanData span, List<String> redactedCommand, String directory) {
    List<String> recorded = shorten(redactedCommand);
    span.setAttribute(EXECUTABLE_NAME, span.name());
    span.setAttribute(COMMAND_ARGS, recorded);
    span.setAttribute(WORKING_DIRECTORY, directory);
    StringBuilder input = new StringBuilder("{\"command\":[");
    for (int i = 0; i < recorded.size(); i++) {
      if (i > 0) {
        input.append(',');
      }
      appendJsonString(input, recorded.get(i));
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

  /** Returns {@code command} within the size limits, with what was cut counted in place. */
  static List<String> shorten(List<String> command) {
    List<String> shortened = new ArrayList<>(Math.min(command.size(), MAX_ARGUMENTS + 1));
    for (int i = 0; i < command.size() && i < MAX_ARGUMENTS; i++) {
      String argument = command.get(i);
      if (argument.length() > MAX_ARGUMENT_LENGTH) {
        int cut = argument.length() - MAX_ARGUMENT_LENGTH;
        argument = argument.substring(0, MAX_ARGUMENT_LENGTH) + "...(" + cut + " more characters)";
      }
      shortened.add(argument);
    }
    if (command.size() > MAX_ARGUMENTS) {
      shortened.add("...(" + (command.size() - MAX_ARGUMENTS) + " more arguments)");
    }
    return shortened;
  }

  private static void appendJsonString(StringBuilder out, String value) {
    JsonValues.appendQuoted(out, value);
  }
}
