package com.langfuse.agent.bootstrap.trace;

import com.langfuse.agent.bootstrap.AgentLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Trace and span ids in the W3C format: 32 and 16 lowercase hex characters, never all zero.
 *
 * <p>Outside a checkpoint window, each id is read from {@code /dev/urandom} at the moment it is
 * made, with no buffer kept in the process. A buffered or seeded generator (ThreadLocalRandom, Random, SplittableRandom,
 * SHA1PRNG, DRBG) is copied into a checkpoint image with its state, so every copy restored from
 * one snapshot would produce the same ids. Reading the kernel source does not have that fault,
 * even when no checkpoint callback runs.
 *
 * <p>Between {@link #close()} and {@link #restore()} (the checkpoint window) the agent keeps no
 * file open: ids come from the JDK's default {@link SecureRandom}, which on Linux is NativePRNG. It
 * reads {@code /dev/urandom} through handles the JDK keeps open for TLS anyway, and its output
 * differs in each copy restored from one snapshot. Opening a file per id instead would leave a
 * handle open whenever the image is written while another thread makes an id. Where {@code
 * /dev/urandom} cannot be opened (Windows), the same SecureRandom is used.
 */
public final class IdGenerator {

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final Path URANDOM = Path.of("/dev/urandom");
  private static final ThreadLocal<ByteBuffer> BUFFERS =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(16));

  private static volatile boolean urandomMissing;
  private static volatile boolean keepOpen = true;
  private static volatile FileChannel channel = open();

  private IdGenerator() {}

  /** Returns a new random trace id: 32 hex characters, not all zero. */
  public static String newTraceId() {
    while (true) {
      ByteBuffer bytes = read(16);
      long high = bytes.getLong(0);
      long low = bytes.getLong(8);
      if (high != 0 || low != 0) {
        return hex(high) + hex(low);
      }
    }
  }

  /** Returns a new random span id: 16 hex characters, not all zero. */
  public static String newSpanId() {
    while (true) {
      long value = read(8).getLong(0);
      if (value != 0) {
        return hex(value);
      }
    }
  }

  /**
   * Closes the file handle before a checkpoint. Until {@link #restore()}, ids come from the JDK's
   * default SecureRandom, so the agent has no handle open when the image is written.
   */
  public static synchronized void close() {
    keepOpen = false;
    FileChannel current = channel;
    channel = null;
    if (current != null) {
      try {
        current.close();
      } catch (IOException e) {
        AgentLog.debug("closing /dev/urandom failed", e);
      }
    }
  }

  /** Ends the checkpoint window after a restore: the next id opens a handle and keeps it. */
  public static void restore() {
    keepOpen = true;
  }

  /** Formats a long as 16 lowercase hex characters. */
  public static String hex(long value) {
    char[] out = new char[16];
    for (int i = 15; i >= 0; i--) {
      out[i] = HEX[(int) (value & 0xF)];
      value >>>= 4;
    }
    return new String(out);
  }

  private static ByteBuffer read(int length) {
    ByteBuffer buffer = BUFFERS.get();
    if (keepOpen && !urandomMissing) {
      FileChannel source = kept();
      if (source != null && fill(source, buffer, length)) {
        return buffer;
      }
    }
    byte[] random = new byte[length];
    Fallback.RANDOM.nextBytes(random);
    buffer.clear();
    buffer.put(random).flip();
    return buffer;
  }

  /**
   * Fills {@code buffer} with {@code length} bytes. Returns false when the channel was closed by
   * a concurrent {@link #close()}, which is expected around a checkpoint, or when reading failed.
   */
  private static boolean fill(FileChannel source, ByteBuffer buffer, int length) {
    buffer.clear().limit(length);
    try {
      while (buffer.hasRemaining()) {
        if (source.read(buffer) < 0) {
          return false;
        }
      }
      return true;
    } catch (ClosedChannelException closedByCheckpoint) {
      return false;
    } catch (IOException e) {
      AgentLog.rateLimited(
          AgentLog.Level.WARN, "id-urandom", "reading /dev/urandom failed: " + e);
      return false;
    }
  }

  private static FileChannel kept() {
    FileChannel current = channel;
    return current != null ? current : reopen();
  }

  private static synchronized FileChannel reopen() {
    if (channel == null && keepOpen && !urandomMissing) {
      channel = open();
    }
    return channel;
  }

  private static FileChannel open() {
    try {
      return FileChannel.open(URANDOM, StandardOpenOption.READ);
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      urandomMissing = true;
      return null;
    }
  }

  /**
   * Created on first use, in the checkpoint window or when {@code /dev/urandom} is unusable, so a
   * JVM that never checkpoints and never uses TLS does not open the JDK's random devices.
   */
  private static final class Fallback {
    static final SecureRandom RANDOM = new SecureRandom();
  }
}
