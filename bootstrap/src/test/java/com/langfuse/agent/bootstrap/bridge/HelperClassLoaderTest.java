package com.langfuse.agent.bootstrap.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which names the helper loader requests from its parent, and which it takes from the boot loader. */
class HelperClassLoaderTest {

  /** The parent an instrumented library's loader would be: it records each name requested from it. */
  private static final class RecordingLoader extends ClassLoader {
    final List<String> requested = new ArrayList<>();

    RecordingLoader() {
      super("recording", HelperClassLoaderTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      requested.add(name);
      return super.loadClass(name, resolve);
    }
  }

  private final RecordingLoader parent = new RecordingLoader();
  private final HelperClassLoader helpers = new HelperClassLoader(parent);

  @Test
  void bootJdkClassSkipsParents() throws Exception {
    assertThat(helpers.loadClass("java.util.ArrayList")).isSameAs(ArrayList.class);
    assertThat(helpers.loadClass("java.lang.invoke.MethodHandle").getClassLoader()).isNull();

    assertThat(parent.requested).isEmpty();
  }

  @Test
  void platformJdkClassUsesParents() throws Exception {
    Class<?> timestamp = helpers.loadClass("java.sql.Timestamp");

    assertThat(timestamp.getClassLoader()).isSameAs(ClassLoader.getPlatformClassLoader());
    assertThat(parent.requested).containsExactly("java.sql.Timestamp");
  }

  @Test
  void libraryClassesComeFromTheParent() throws Exception {
    // Here the agent's bootstrap classes sit on the test class path, not the boot class path,
    // so they are requested from the parent too.
    assertThat(helpers.loadClass(HelperClassLoaderTest.class.getName()))
        .isSameAs(HelperClassLoaderTest.class);
    assertThat(helpers.loadClass(AgentJar.class.getName())).isSameAs(AgentJar.class);

    assertThat(parent.requested)
        .containsExactly(HelperClassLoaderTest.class.getName(), AgentJar.class.getName());
  }

  @Test
  void missingJdkClassIsNotFound() {
    assertThatThrownBy(() -> helpers.loadClass("java.util.NoSuchCollection"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThat(parent.requested).containsExactly("java.util.NoSuchCollection");
  }
}
