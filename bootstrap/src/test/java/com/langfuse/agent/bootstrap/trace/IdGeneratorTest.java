package com.langfuse.agent.bootstrap.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IdGeneratorTest {

  @AfterEach
  void endCheckpointWindow() {
    IdGenerator.restore();
  }

  @Test
  void spanIdsAreHexAndUnique() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      String id = IdGenerator.newSpanId();
      assertThat(id).matches("[0-9a-f]{16}");
      assertThat(seen.add(id)).as("duplicate span id %s", id).isTrue();
    }
  }

  @Test
  void traceIdsAreHexAndNotZero() {
    for (int i = 0; i < 10_000; i++) {
      String id = IdGenerator.newTraceId();
      assertThat(id).matches("[0-9a-f]{32}");
      assertThat(id).isNotEqualTo("0".repeat(32));
    }
  }

  @Test
  void closedGeneratorKeepsNoHandle() throws IOException {
    // The JDK's NativePRNG, used in the checkpoint window, keeps its own handles for good.
    new SecureRandom().nextLong();
    IdGenerator.newSpanId();
    long open = urandomHandles();

    IdGenerator.close();
    IdGenerator.newSpanId();
    IdGenerator.newTraceId();
    long duringCheckpoint = urandomHandles();

    IdGenerator.restore();
    IdGenerator.newSpanId();
    long afterRestore = urandomHandles();

    assertThat(duringCheckpoint).isEqualTo(open - 1);
    assertThat(afterRestore).isEqualTo(open);
  }

  @Test
  void closedGeneratorStillMakesIds() {
    IdGenerator.close();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      assertThat(seen.add(IdGenerator.newSpanId())).isTrue();
    }
  }

  /** Counts this process's file descriptors that point to /dev/urandom (Linux only). */
  private static long urandomHandles() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(IdGeneratorTest::isUrandom).count();
    }
  }

  private static boolean isUrandom(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString().equals("/dev/urandom");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
