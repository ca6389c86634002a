package com.langfuse.agent.it.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Writes jars that contain only a manifest, such as the jar of a test agent: the JVM adds an agent
 * jar to the system class path, and the agent class itself comes from the test class path.
 */
public final class ManifestJar {

  private ManifestJar() {}

  /** Writes {@code jar} with a manifest of these main attributes and returns it. */
  public static Path write(Path jar, Map<String, String> attributes) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    attributes.forEach((name, value) -> manifest.getMainAttributes().putValue(name, value));
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
      jarOut.flush();
    }
    return jar;
  }
}
