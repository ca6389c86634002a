package com.langfuse.agent.bootstrap.trace;

import com.langfuse.agent.bootstrap.AgentLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Trace and span ids in the W3C format: 32 and 16 lowercase hex characters, never all zero.
 *
 * <p>Each id is read from {@code /dev/urandom} at the moment it is made, with no buffer kept in
 * the process. A buffered or seeded generator (ThreadLocalRandom, Random, SplittableRandom,
 * SHA1PRNG, DRBG) is copied into a checkpoint image with its state, so every copy restored from
 * one snapshot would produce the same ids; reading the kernel source does not have that fault.
 * Where {@code /dev/urandom} cannot be opened (Windows), a {@link SecureRandom} is used instead.
 */
public final class IdGenerator {

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final Path URANDOM = Path.of("/dev/urandom");
  private static final ThreadLocal<ByteBuffer> BUFFERS =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(16));

  private static volatile boolean urandomMissing;
  private static volatile FileChannel channel = open();
  private static final SecureRandom FALLBACK = new SecureRandom();

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

  /** Closes the file handle before a checkpoint; the next id opens it again. */
  public static synchronized void close() {
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
    buffer.clear().limit(length);
    FileChannel source = channel;
    if (source == null && !urandomMissing) {
      source = reopen();
    }
    if (source != null) {
      try {
        while (buffer.hasRemaining()) {
          if (source.read(buffer) < 0) {
            break;
          }
        }
        if (!buffer.hasRemaining()) {
          return buffer;
        }
      } catch (IOException e) {
        AgentLog.rateLimited(
            AgentLog.Level.WARN, "id-urandom", "reading /dev/urandom failed: " + e + "; using SecureRandom");
      }
    }
    byte[] random = new byte[length];
    FALLBACK.nextBytes(random);
    buffer.clear();
    buffer.put(random).flip();
    return buffer;
  }

  private static synchronized FileChannel reopen() {
    if (channel == null) {
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
}
