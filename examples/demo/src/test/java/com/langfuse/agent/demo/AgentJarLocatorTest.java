package com.langfuse.agent.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentJarLocatorTest {

  @TempDir Path repository;

  @Test
  void locatorFindsJarInParentDirectory() throws IOException {
    Path jar = createJar(repository.resolve(AgentJarLocator.RELATIVE_PATH));
    Path workingDirectory = Files.createDirectories(repository.resolve("examples/demo"));

    assertThat(AgentJarLocator.locate(null, null, workingDirectory)).isEqualTo(jar);
  }

  @Test
  void propertyWinsOverEnvironment() throws IOException {
    Path fromProperty = createJar(repository.resolve("property.jar"));
    Path fromEnvironment = createJar(repository.resolve("environment.jar"));

    assertThat(
            AgentJarLocator.locate(fromProperty.toString(), fromEnvironment.toString(), repository))
        .isEqualTo(fromProperty);
  }

  @Test
  void missingJarMessageSaysHowToBuild() {
    assertThatThrownBy(() -> AgentJarLocator.locate(null, null, repository))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(AgentJarLocator.RELATIVE_PATH)
        .hasMessageContaining("./mvnw -q -DskipTests package");
  }

  @Test
  void missingConfiguredJarNamesPath() {
    assertThatThrownBy(() -> AgentJarLocator.locate(null, "missing.jar", repository))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(repository.resolve("missing.jar").toString())
        .hasMessageContaining("LANGFUSE_AGENT_JAR");
  }

  private static Path createJar(Path jar) throws IOException {
    Files.createDirectories(jar.getParent());
    return Files.write(jar, new byte[] {'P', 'K'});
  }
}
