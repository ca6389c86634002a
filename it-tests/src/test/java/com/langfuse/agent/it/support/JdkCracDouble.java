package com.langfuse.agent.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles the CRaC test double in {@code com.langfuse.agent.it.crac} a second time as package
 * {@code jdk.crac}, into a directory for {@code -Xbootclasspath/a}. A child JVM started with it
 * looks like a JDK with CRaC to every class loader: {@code Class.forName("jdk.crac.Core")} finds
 * it through the bootstrap loader, as it finds the real module in Azul Zulu or BellSoft Liberica
 * builds with CRaC. It stays off the normal test class path, so other child JVMs see a plain JDK.
 */
public final class JdkCracDouble {

  private static final String DOUBLE_PACKAGE = "com.langfuse.agent.it.crac";
  private static final Path SOURCES = Path.of("src/test/java/com/langfuse/agent/it/crac");

  private JdkCracDouble() {}

  /** Returns a new directory with the compiled {@code jdk/crac/*.class} files in it. */
  public static Path compile() throws IOException {
    Path work = Files.createTempDirectory("jdk-crac-double");
    Path sourceDir = Files.createDirectories(work.resolve("src/jdk/crac"));
    Path classes = Files.createDirectories(work.resolve("classes"));
    List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-nowarn"));
    try (DirectoryStream<Path> files = Files.newDirectoryStream(SOURCES, "*.java")) {
      for (Path file : files) {
        String source = Files.readString(file, StandardCharsets.UTF_8).replace(DOUBLE_PACKAGE, "jdk.crac");
        Path copy = sourceDir.resolve(file.getFileName());
        Files.writeString(copy, source, StandardCharsets.UTF_8);
        arguments.add(copy.toString());
      }
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new IllegalStateException("no Java compiler in " + System.getProperty("java.home"));
    }
    int status = compiler.run(null, null, null, arguments.toArray(new String[0]));
    if (status != 0) {
      throw new IllegalStateException("compiling the jdk.crac double failed with status " + status);
    }
    return classes;
  }
}
