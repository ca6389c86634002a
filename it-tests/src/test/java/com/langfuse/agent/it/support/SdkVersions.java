package com.langfuse.agent.it.support;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Class paths that put another version of a library under the it-tests' applications. The
 * modules under {@code it-tests/sdk-versions/} resolve those versions and write their class
 * paths to {@code target/classpath.txt} when the build packages them.
 */
public final class SdkVersions {

  private SdkVersions() {}

  /**
   * Returns a class path of the it-tests' compiled applications and openai-java {@code version}
   * with its dependencies, in place of the 4.105.0 the applications were compiled against.
   */
  public static String openAi(String version) throws IOException {
    return applications() + File.pathSeparator + openAiLibrary(version);
  }

  /** Returns the class path of openai-java {@code version} and its dependencies only. */
  public static String openAiLibrary(String version) throws IOException {
    return moduleClassPath("openai-" + version);
  }

  /**
   * Returns a class path of the it-tests' compiled applications and the library versions that the
   * module {@code it-tests/sdk-versions/<module>} resolves, such as {@code anthropic-3.5.0}.
   */
  public static String withModule(String module) throws IOException {
    return applications() + File.pathSeparator + moduleClassPath(module);
  }

  /**
   * Returns a class path of the it-tests' compiled applications and old releases of the libraries
   * the agent uses itself: OkHttp 3.14, Jackson 2.10, Kotlin 1.3 and Byte Buddy 1.10.
   */
  public static String conflictingLibraries() throws IOException {
    return withModule("conflicting-libraries");
  }

  /** Returns the class path that the module {@code it-tests/sdk-versions/<module>} wrote. */
  private static String moduleClassPath(String module) throws IOException {
    Path root = Path.of(System.getProperty("it.sdk.versions", "sdk-versions"));
    Path file = root.resolve(module).resolve("target").resolve("classpath.txt");
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          "class path of "
              + module
              + " not found at "
              + file.toAbsolutePath()
              + ": build it with ./mvnw -pl it-tests -am verify");
    }
    return Files.readString(file, StandardCharsets.UTF_8).trim();
  }

  /** Returns the directory or jar that contains the compiled test applications. */
  private static String applications() {
    try {
      return Path.of(SdkVersions.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("test classes location is not a file path", e);
    }
  }
}
