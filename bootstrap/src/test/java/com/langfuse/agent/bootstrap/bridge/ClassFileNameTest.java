package com.langfuse.agent.bootstrap.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ClassFileNameTest {

  @Test
  void nameReadFromClassFile() throws Exception {
    byte[] classFile = classFileOf(ClassFileNameTest.class);

    assertThat(ClassFileName.internalName(classFile, 0, classFile.length))
        .isEqualTo("com/langfuse/agent/bootstrap/bridge/ClassFileNameTest");
  }

  /** A class with long and double constants, which take two constant pool entries each. */
  @Test
  void wideConstantsAreSkipped() throws Exception {
    byte[] classFile = classFileOf(WideConstants.class);
    byte[] padded = new byte[classFile.length + 10];
    System.arraycopy(classFile, 0, padded, 5, classFile.length);

    assertThat(ClassFileName.internalName(padded, 5, classFile.length))
        .isEqualTo("com/langfuse/agent/bootstrap/bridge/ClassFileNameTest$WideConstants");
  }

  @Test
  void invalidClassFileHasNoName() throws Exception {
    byte[] classFile = classFileOf(ClassFileNameTest.class);

    assertThat(ClassFileName.internalName(new byte[] {1, 2, 3}, 0, 3)).isNull();
    assertThat(ClassFileName.internalName(Arrays.copyOf(classFile, 40), 0, 40)).isNull();
    assertThat(ClassFileName.internalName(classFile, -1, classFile.length)).isNull();
    assertThat(ClassFileName.internalName(classFile, 1, classFile.length)).isNull();
    assertThat(ClassFileName.internalName(classFile, Integer.MAX_VALUE, 10)).isNull();
  }

  static byte[] classFileOf(Class<?> type) throws IOException {
    String resource = type.getName().replace('.', '/') + ".class";
    try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
      return in.readAllBytes();
    }
  }

  @SuppressWarnings("unused")
  private static final class WideConstants {
    long big = 1L << 40;
    double ratio = 0.123456789;
    String text = "text";
  }
}
