package com.langfuse.agent.internal.exporter;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ServerSocketFactory;

/**
 * A loopback HTTP/1.1 server on plain or TLS server sockets that responds to each request with the raw
 * bytes the test queued, so a test can send chunked bodies, HTTP/1.0 responses or a close after the
 * response. It serves each connection on its own thread and records every request head it reads.
 */
final class ScriptedHttpServer implements AutoCloseable {

  private static final int READ_TIMEOUT_MILLIS = 30_000;

  private final ServerSocket serverSocket;
  private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
  private final List<String> heads = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();

  ScriptedHttpServer() throws IOException {
    this(ServerSocketFactory.getDefault());
  }

  ScriptedHttpServer(ServerSocketFactory factory) throws IOException {
    serverSocket = factory.createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "scripted-http-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return serverSocket.getLocalPort();
  }

  /** Queues the bytes of the next response; {@code close} closes the connection after them. */
  void reply(String raw, boolean close) {
    replies.add(new Reply(raw.getBytes(StandardCharsets.ISO_8859_1), close, false));
  }

  /** Queues a reply that reads nothing more and never responds, as a server that hangs does. */
  void hang() {
    replies.add(new Reply(new byte[0], false, true));
  }

  int connections() {
    return connections.get();
  }

  List<String> heads() {
    return heads;
  }

  @Override
  public void close() throws IOException {
    serverSocket.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  private void acceptLoop() {
    while (!serverSocket.isClosed()) {
      try {
        Socket socket = serverSocket.accept();
        sockets.add(socket);
        connections.incrementAndGet();
        Thread handler = new Thread(() -> serve(socket), "scripted-http-connection");
        handler.setDaemon(true);
        handler.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      while (true) {
        Reply reply = replies.poll(READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        if (reply == null) {
          return;
        }
        if (reply.hang) {
          Thread.sleep(READ_TIMEOUT_MILLIS);
          return;
        }
        String head = readRequest(in);
        if (head == null) {
          return;
        }
        heads.add(head);
        out.write(reply.bytes);
        out.flush();
        if (reply.close) {
          return;
        }
      }
    } catch (IOException e) {
      // The client closed or reset the connection.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Reads one request head and skips its Content-Length body. Returns the head, or null at the end
   * of the stream.
   */
  static String readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] terminator = {'\r', '\n', '\r', '\n'};
    while (matched < terminator.length) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = b == terminator[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    long length = 0;
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Long.parseLong(line.substring("content-length:".length()).trim());
      }
    }
    in.skipNBytes(length);
    return text;
  }

  private static final class Reply {
    final byte[] bytes;
    final boolean close;
    final boolean hang;

    Reply(byte[] bytes, boolean close, boolean hang) {
      this.bytes = bytes;
      this.close = close;
      this.hang = hang;
    }
  }
}
