package com.langfuse.agent.internal.exporter;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the parts of an HTTP/1.1 response after the status line: lines, and a body that is sized,
 * chunked or delimited by the end of the stream. The start of the body is kept and the rest
 * discarded. Every read stops at the deadline given to the constructor.
 */
final class HttpBodyReader {

  /** Bytes of a response body read to reuse the connection; a longer body closes it instead. */
  private static final long MAX_DRAINED_BODY_BYTES = 1 << 20;

  private static final int MAX_LINE_BYTES = 8192;

  private final InputStream in;
  private final Socket socket;
  private final long deadlineNanos;
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private final byte[] buffer = new byte[8192];
  private long total;

  HttpBodyReader(InputStream in, Socket socket, long deadlineNanos) {
    this.in = in;
    this.socket = socket;
    this.deadlineNanos = deadlineNanos;
  }

  byte[] kept() {
    return kept.toByteArray();
  }

  /** Returns true when all {@code length} bytes were read, false when the body was too long. */
  boolean readSized(long length) throws IOException {
    if (length > MAX_DRAINED_BODY_BYTES) {
      read(HttpConnection.MAX_KEPT_BODY_BYTES);
      return false;
    }
    read(length);
    return true;
  }

  /** Returns true when the last chunk and the trailer were read. */
  boolean readChunked() throws IOException {
    while (true) {
      String sizeLine = readLine(in, socket, deadlineNanos);
      int extension = sizeLine.indexOf(';');
      String digits = (extension >= 0 ? sizeLine.substring(0, extension) : sizeLine).trim();
      long size;
      try {
        size = Long.parseLong(digits, 16);
      } catch (NumberFormatException e) {
        throw new ProtocolException("invalid chunk size: " + printable(sizeLine));
      }
      if (size < 0) {
        throw new ProtocolException("invalid chunk size: " + printable(sizeLine));
      }
      if (size == 0) {
        while (!readLine(in, socket, deadlineNanos).isEmpty()) {
          // Trailer fields are not used.
        }
        return true;
      }
      if (total + size > MAX_DRAINED_BODY_BYTES) {
        return false;
      }
      read(size);
      readLine(in, socket, deadlineNanos);
    }
  }

  void readToEnd() throws IOException {
    while (total < MAX_DRAINED_BODY_BYTES && readSome(buffer.length) >= 0) {
      // Reads until the server closes the connection.
    }
  }

  private void read(long length) throws IOException {
    long left = length;
    while (left > 0) {
      int n = readSome((int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new EOFException("the server closed the connection before the response ended");
      }
      left -= n;
    }
  }

  private int readSome(int max) throws IOException {
    socket.setSoTimeout(remainingMillis(deadlineNanos));
    int n = in.read(buffer, 0, max);
    if (n > 0) {
      int keep = (int) Math.min(n, Math.max(0, HttpConnection.MAX_KEPT_BODY_BYTES - kept.size()));
      kept.write(buffer, 0, keep);
      total += n;
    }
    return n;
  }

  /** Reads one CRLF-terminated line (a bare LF is accepted) as ISO-8859-1, without the end. */
  static String readLine(InputStream in, Socket socket, long deadlineNanos)
      throws IOException {
    socket.setSoTimeout(remainingMillis(deadlineNanos));
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the server closed the connection before the response ended");
      }
      if (b == '\n') {
        break;
      }
      if (line.size() == MAX_LINE_BYTES) {
        throw new ProtocolException("a response line is longer than " + MAX_LINE_BYTES + " bytes");
      }
      line.write(b);
    }
    String text = line.toString(StandardCharsets.ISO_8859_1);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }

  /**
   * Returns the milliseconds left until {@code deadlineNanos}, at least 1 because a socket timeout
   * of 0 means none; throws SocketTimeoutException when the deadline has passed.
   */
  static int remainingMillis(long deadlineNanos) throws SocketTimeoutException {
    long remaining = deadlineNanos - System.nanoTime();
    if (remaining <= 0) {
      throw new SocketTimeoutException("timed out");
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, remaining / 1_000_000));
  }

  static String printable(String text) {
    String cut = text.length() > 100 ? text.substring(0, 100) + "..." : text;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
