package com.langfuse.agent.demo;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the agent jar: the path given by {@code -Dlangfuse.agent.jar} or {@code
 * LANGFUSE_AGENT_JAR}, else {@code agent/target/langfuse-agent.jar} in the working directory or the
 * nearest parent that has it.
 */
final class AgentJarLocator {

  static final String RELATIVE_PATH = "agent/target/langfuse-agent.jar";

  private static final String BUILD_HINT =
      "build it from the repository root with ./mvnw -q -DskipTests package, or pass its path"
          + " with -Dlangfuse.agent.jar=PATH or LANGFUSE_AGENT_JAR";

  private AgentJarLocator() {}

  /**
   * Returns the agent jar.
   *
   * @param property the value of {@code -Dlangfuse.agent.jar}, or null
   * @param environment the value of {@code LANGFUSE_AGENT_JAR}, or null
   * @param workingDirectory where the search for {@value #RELATIVE_PATH} starts
   * @throws IllegalStateException when no jar is found; the message says how to build it
   */
  static Path locate(String property, String environment, Path workingDirectory) {
    String configured = firstSet(property, environment);
    if (configured != null) {
      Path jar = workingDirectory.resolve(configured).normalize();
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            "agent jar not found at " + jar + " (" + source(property) + "): " + BUILD_HINT);
      }
      return jar;
    }
    for (Path directory = workingDirectory.toAbsolutePath().normalize();
        directory != null;
        directory = directory.getParent()) {
      Path jar = directory.resolve(RELATIVE_PATH);
      if (Files.isRegularFile(jar)) {
        return jar;
      }
    }
    throw new IllegalStateException(
        "agent jar not found: no "
            + RELATIVE_PATH
            + " in "
            + workingDirectory.toAbsolutePath().normalize()
            + " or any parent directory; "
            + BUILD_HINT);
  }

  private static String firstSet(String property, String environment) {
    if (property != null && !property.isBlank()) {
      return property;
    }
    return environment == null || environment.isBlank() ? null : environment;
  }

  private static String source(String property) {
    return property != null && !property.isBlank()
        ? "from -Dlangfuse.agent.jar"
        : "from LANGFUSE_AGENT_JAR";
  }
}
