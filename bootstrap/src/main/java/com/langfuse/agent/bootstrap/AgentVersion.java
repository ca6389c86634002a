package com.langfuse.agent.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The agent's version, from a resource written by the build. */
public final class AgentVersion {

  /** The SDK name sent to Langfuse in {@code x-langfuse-sdk-name}. */
  public static final String SDK_NAME = "langfuse-java-agent";

  private static final String VERSION = read();

  private AgentVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String read() {
    try (InputStream in = AgentVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      String value = properties.getProperty("version");
      return value == null || value.startsWith("$") ? "unknown" : value;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
