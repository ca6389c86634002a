package com.langfuse.agent.internal.exporter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A loopback HTTP/1.1 server on a plain socket, for what {@link RecordingHttpServer} cannot show:
 * when the client closes its connection. It accepts one connection and responds to each request on
 * it with a 200 and a keep-alive connection, or never responds when created silent. Every socket
 * read times out after 30 seconds, so a stuck test still ends.
 */
final class RawHttpServer implements AutoCloseable {

  private static final int READ_TIMEOUT_MILLIS = 30_000;

  private final ServerSocket serverSocket;
  private final boolean silent;
  private final CountDownLatch requestReceived = new CountDownLatch(1);
  private final CountDownLatch clientClosed = new CountDownLatch(1);
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  /** Starts a server that responds to every request, or to none when {@code silent}. */
  RawHttpServer(boolean silent) throws IOException {
    this.silent = silent;
    this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::serve, "raw-http-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + serverSocket.getLocalPort();
  }

  /** Counted down once the first request has been read completely. */
  CountDownLatch requestReceived() {
    return requestReceived;
  }

  /** Counted down when the client closes the first connection (the server reads end of stream). */
  CountDownLatch clientClosed() {
    return clientClosed;
  }

  @Override
  public void close() throws IOException {
    serverSocket.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  private void serve() {
    try (Socket socket = serverSocket.accept()) {
      sockets.add(socket);
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      while (readRequest(in)) {
        requestReceived.countDown();
        if (!silent) {
          out.write(
              "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: application/json\r\n\r\n{}"
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
      }
      clientClosed.countDown();
    } catch (SocketException e) {
      // A reset by the client also means its socket is gone.
      clientClosed.countDown();
    } catch (IOException e) {
      // Timed out or closed by the test: the waiting assertion reports it.
    }
  }

  /** Reads one request with its Content-Length body; returns false at end of stream. */
  private static boolean readRequest(InputStream in) throws IOException {
    return ScriptedHttpServer.readRequest(in) != null;
  }
}
