package com.langfuse.agent.bootstrap.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReadAllTest {

  private static final byte[] DATA = randomBytes(20_000);

  @Test
  void exactAvailableReadsAll() throws IOException {
    assertThat(HelperClassLoader.readAll(new ByteArrayInputStream(DATA))).isEqualTo(DATA);
  }

  @Test
  void zeroAvailableReadsAll() throws IOException {
    assertThat(HelperClassLoader.readAll(new ReportingStream(DATA, 0))).isEqualTo(DATA);
  }

  @Test
  void shortAvailableReadsAll() throws IOException {
    assertThat(HelperClassLoader.readAll(new ReportingStream(DATA, 100))).isEqualTo(DATA);
  }

  @Test
  void emptyStreamReadsNothing() throws IOException {
    assertThat(HelperClassLoader.readAll(new ByteArrayInputStream(new byte[0]))).isEmpty();
  }

  @Test
  void streamIsClosed() throws IOException {
    ReportingStream stream = new ReportingStream(DATA, 0);

    HelperClassLoader.readAll(stream);

    assertThat(stream.closed).isTrue();
  }

  private static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    new Random(42).nextBytes(bytes);
    return bytes;
  }

  /** A stream whose {@code available()} reports a fixed number, as some streams under-report. */
  private static final class ReportingStream extends InputStream {
    private final ByteArrayInputStream data;
    private final int reported;
    boolean closed;

    ReportingStream(byte[] bytes, int reported) {
      this.data = new ByteArrayInputStream(bytes);
      this.reported = reported;
    }

    @Override
    public int read() {
      return data.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      return data.read(buffer, offset, length);
    }

    @Override
    public int available() {
      return reported;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
