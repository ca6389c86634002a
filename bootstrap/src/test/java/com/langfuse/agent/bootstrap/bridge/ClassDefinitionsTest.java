package com.langfuse.agent.bootstrap.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Checks what the changed {@code ClassLoader.defineClass} methods get back from the agent. */
class ClassDefinitionsTest {

  private static final ClassLoader LOADER = ClassDefinitionsTest.class.getClassLoader();
  private static final byte[] CHANGED = {9, 9, 9, 9};

  private final List<String> seen = new ArrayList<>();

  @AfterEach
  void clearListener() {
    ClassDefinitions.setListener(null);
  }

  @Test
  void withoutListenerEverythingPassesThrough() {
    byte[] bytes = {1, 2, 3};
    ByteBuffer direct = ByteBuffer.allocateDirect(3);

    assertThat(ClassDefinitions.isActive()).isFalse();
    assertThat(ClassDefinitions.bytes(LOADER, "com.example.A", bytes, 0, 3, null)).isSameAs(bytes);
    assertThat(ClassDefinitions.buffer(LOADER, "com.example.A", direct, null)).isSameAs(direct);
  }

  @Test
  void changedClassGetsNewArray() {
    ClassDefinitions.setListener(changing("com/example/A"));
    byte[] padded = {0, 0, 1, 2, 3, 0};

    byte[] chosen = ClassDefinitions.bytes(LOADER, "com.example.A", padded, 2, 3, null);

    assertThat(chosen).isEqualTo(CHANGED);
    assertThat(ClassDefinitions.offset(chosen, padded, 2)).isZero();
    assertThat(ClassDefinitions.length(chosen, padded, 3)).isEqualTo(CHANGED.length);
    // The listener saw exactly the class file, not the padding.
    assertThat(seen).containsExactly("com/example/A [1, 2, 3]");
  }

  @Test
  void unchangedClassKeepsArrayOffsetAndLength() {
    ClassDefinitions.setListener(changing("com/example/Other"));
    byte[] padded = {0, 1, 2, 3};

    byte[] chosen = ClassDefinitions.bytes(LOADER, "com.example.A", padded, 1, 3, null);

    assertThat(chosen).isSameAs(padded);
    assertThat(ClassDefinitions.offset(chosen, padded, 1)).isEqualTo(1);
    assertThat(ClassDefinitions.length(chosen, padded, 3)).isEqualTo(3);
  }

  @Test
  void badBoundsLeftToJvm() {
    ClassDefinitions.setListener(changing("com/example/A"));
    byte[] bytes = {1, 2, 3};

    assertThat(ClassDefinitions.bytes(LOADER, "com.example.A", bytes, 2, 5, null)).isSameAs(bytes);
    assertThat(ClassDefinitions.bytes(LOADER, "com.example.A", bytes, -1, 2, null)).isSameAs(bytes);
    assertThat(ClassDefinitions.bytes(LOADER, null, bytes, 0, 3, null)).isSameAs(bytes);
    assertThat(ClassDefinitions.bytes(LOADER, "com.example.A", null, 0, 3, null)).isNull();
    assertThat(seen).isEmpty();
  }

  @Test
  void nullNameReadFromClassFile() throws Exception {
    String internalName = "com/langfuse/agent/bootstrap/bridge/ClassDefinitionsTest";
    ClassDefinitions.setListener(changing(internalName));
    byte[] classFile = ClassFileNameTest.classFileOf(ClassDefinitionsTest.class);
    byte[] padded = new byte[classFile.length + 3];
    System.arraycopy(classFile, 0, padded, 3, classFile.length);
    ByteBuffer direct = ByteBuffer.allocateDirect(classFile.length);
    direct.put(classFile).flip();

    byte[] chosen = ClassDefinitions.bytes(LOADER, null, padded, 3, classFile.length, null);
    ByteBuffer chosenBuffer = ClassDefinitions.buffer(LOADER, null, direct, null);

    assertThat(chosen).isEqualTo(CHANGED);
    assertThat(chosenBuffer).isNotSameAs(direct);
    assertThat(chosenBuffer.remaining()).isEqualTo(CHANGED.length);
    assertThat(seen).hasSize(2);
    assertThat(seen).allMatch(entry -> entry.startsWith(internalName + " "));
  }

  @Test
  void failingListenerLeavesTheClassAsItWas() {
    ClassDefinitions.setListener(
        new ClassDefinitions.Listener() {
          @Override
          public boolean mayChange(ClassLoader loader, String internalName) {
            return true;
          }

          @Override
          public byte[] defining(
              ClassLoader loader, String internalName, ProtectionDomain domain, byte[] file) {
            throw new IllegalStateException("listener failed");
          }

          @Override
          public void agentAttaching() {
            throw new IllegalStateException("listener failed");
          }
        });
    byte[] bytes = {1, 2, 3};
    ByteBuffer direct = ByteBuffer.allocateDirect(3);

    assertThat(ClassDefinitions.bytes(LOADER, "com.example.A", bytes, 0, 3, null)).isSameAs(bytes);
    assertThat(ClassDefinitions.buffer(LOADER, "com.example.A", direct, null)).isSameAs(direct);
    // Nor does an attaching agent see the failure.
    ClassDefinitions.agentAttaching();
  }

  /** Unit tests run on the JDK's own ClassLoader, which does not call ClassDefinitions. */
  @Test
  void probeFailsWithoutHook() {
    ClassDefinitions.setListener(changing("com/example/A"));

    assertThat(ClassDefinitions.hookInPlace()).isFalse();
    assertThat(seen).isEmpty();
  }

  @Test
  void attachingAgentIsPassedOn() {
    ClassDefinitions.agentAttaching();
    ClassDefinitions.setListener(changing("com/example/A"));

    ClassDefinitions.agentAttaching();

    assertThat(seen).containsExactly("agent attaching");
  }

  @Test
  void directBufferComesBackAsNewDirectBuffer() {
    ClassDefinitions.setListener(changing("com/example/A"));
    ByteBuffer direct = ByteBuffer.allocateDirect(5);
    direct.put(new byte[] {7, 1, 2, 3, 7}).position(1).limit(4);

    ByteBuffer chosen = ClassDefinitions.buffer(LOADER, "com.example.A", direct, null);

    assertThat(chosen.isDirect()).isTrue();
    byte[] content = new byte[chosen.remaining()];
    chosen.get(content);
    assertThat(content).isEqualTo(CHANGED);
    // The original buffer's position is untouched, and the listener saw only the class file.
    assertThat(direct.position()).isEqualTo(1);
    assertThat(seen).containsExactly("com/example/A [1, 2, 3]");
  }

  @Test
  void heapBufferIsLeftToTheArrayMethod() {
    ClassDefinitions.setListener(changing("com/example/A"));
    ByteBuffer heap = ByteBuffer.wrap(new byte[] {1, 2, 3});

    assertThat(ClassDefinitions.buffer(LOADER, "com.example.A", heap, null)).isSameAs(heap);
    assertThat(seen).isEmpty();
  }

  @Test
  void agentLoadersAreSkipped() {
    ClassDefinitions.setListener(changing("com/example/A"));
    byte[] bytes = {1, 2, 3};

    assertThat(ClassDefinitions.bytes(new AgentClassLoader(), "com.example.A", bytes, 0, 3, null))
        .isSameAs(bytes);
    assertThat(seen).isEmpty();
  }

  /** A listener that changes the class with this internal name and records what it saw. */
  private ClassDefinitions.Listener changing(String internalName) {
    return new ClassDefinitions.Listener() {
      @Override
      public boolean mayChange(ClassLoader loader, String name) {
        return name.equals(internalName);
      }

      @Override
      public byte[] defining(
          ClassLoader loader, String name, ProtectionDomain domain, byte[] classFile) {
        seen.add(name + " " + java.util.Arrays.toString(classFile));
        return CHANGED;
      }

      @Override
      public void agentAttaching() {
        seen.add("agent attaching");
      }
    };
  }
}
