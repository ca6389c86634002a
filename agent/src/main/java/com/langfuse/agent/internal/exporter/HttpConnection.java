package com.langfuse.agent.internal.exporter;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 connection over a plain or TLS socket, used for one request at a time. Requests
 * carry a Content-Length body. Responses may be sized, chunked or delimited by the end of the
 * stream, and the connection can be reused when the response allows it.
 *
 * <p>TLS checks the server's certificate against the host name. Every blocking read stops at the deadline given to it. A blocked write does not, so the
 * caller closes the socket from another thread when the deadline passes.
 */
final class HttpConnection implements AutoCloseable {

  /** Bytes of a response body that are kept for error messages. */
  static final int MAX_KEPT_BODY_BYTES = 4096;

  private static final int MAX_HEADER_FIELDS = 256;

  /** A connection idle at least this long is probed for a close by the server before reuse. */
  private static final long PROBE_AFTER_IDLE_NANOS = 1_000_000_000L;

  private static final int PROBE_TIMEOUT_MILLIS = 1;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private long idleSinceNanos;
  private boolean reusable = true;

  private HttpConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 8192);
    this.out = new BufferedOutputStream(socket.getOutputStream(), 65536);
  }

  /**
   * Connects to {@code target}, through {@code proxy} when it is not DIRECT, and completes the TLS
   * handshake for https. {@code socket} is the unconnected socket to use, which the caller may close
   * from another thread to stop a connect that hangs.
   */
  static HttpConnection open(
      HttpTarget target, Proxy proxy, Socket socket, SSLSocketFactory tls, long deadlineNanos)
      throws IOException {
    boolean done = false;
    Socket connected = socket;
    try {
      socket.setTcpNoDelay(true);
      InetSocketAddress address =
          proxy.type() == Proxy.Type.DIRECT
              ? new InetSocketAddress(target.host(), target.port())
              : proxy.type() == Proxy.Type.SOCKS
                  ? InetSocketAddress.createUnresolved(target.host(), target.port())
                  : (InetSocketAddress) proxy.address();
      socket.connect(address, HttpBodyReader.remainingMillis(deadlineNanos));
      if (proxy.type() == Proxy.Type.HTTP && target.secure()) {
        tunnel(socket, target, deadlineNanos);
      }
      if (target.secure()) {
        connected = handshake(tls, socket, target, deadlineNanos);
      }
      HttpConnection connection = new HttpConnection(connected);
      done = true;
      return connection;
    } finally {
      if (!done) {
        closeQuietly(connected);
      }
    }
  }

  /**
   * Sends one request and reads its response. {@code head} is the request line and header fields,
   * ending with the empty line.
   */
  HttpResponse exchange(byte[] head, byte[] body, long deadlineNanos) throws IOException {
    reusable = false;
    out.write(head);
    out.write(body);
    out.flush();

    HttpResponse response;
    do {
      response = readResponse(in, socket, deadlineNanos, this);
    } while (response.status() >= 100 && response.status() < 200);
    idleSinceNanos = System.nanoTime();
    return response;
  }

  /**
   * Returns whether the connection can carry another request: the last response allowed it, and
   * the server has not closed it while it was idle.
   */
  boolean isReusable() {
    if (!reusable || socket.isClosed() || socket.isInputShutdown()) {
      return false;
    }
    try {
      if (in.available() > 0) {
        // Bytes that no request asked for: the connection is out of step.
        return false;
      }
      if (System.nanoTime() - idleSinceNanos < PROBE_AFTER_IDLE_NANOS) {
        return true;
      }
      socket.setSoTimeout(PROBE_TIMEOUT_MILLIS);
      // Any byte or the end of the stream means the server will not take a request here.
      in.read();
      return false;
    } catch (SocketTimeoutException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    closeQuietly(socket);
  }

  Socket socket() {
    return socket;
  }

  private static SSLSocket handshake(
      SSLSocketFactory factory, Socket plain, HttpTarget target, long deadlineNanos)
      throws IOException {
    String host = target.host();
    SSLSocket tls = (SSLSocket) factory.createSocket(plain, host, target.port(), true);
    SSLParameters parameters = tls.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    tls.setSSLParameters(parameters);
    tls.setSoTimeout(HttpBodyReader.remainingMillis(deadlineNanos));
    tls.startHandshake();
    return tls;
  }

  /** Asks an HTTP proxy for a tunnel to the target with CONNECT. */
  private static void tunnel(Socket socket, HttpTarget target, long deadlineNanos)
      throws IOException {
    String authority = target.host() + ":" + target.port();
    String request =
        "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n";
    OutputStream raw = socket.getOutputStream();
    raw.write(request.getBytes(StandardCharsets.US_ASCII));
    raw.flush();
    // Unbuffered, so no byte of the TLS handshake that follows is read here.
    HttpResponse response = readResponse(socket.getInputStream(), socket, deadlineNanos, null);
    if (response.status() != 200) {
      throw new ProtocolException(
          "the proxy rejected CONNECT " + authority + " with HTTP " + response.status());
    }
  }

  /**
   * Reads one response. {@code connection} is the connection to mark reusable when the response
   * allows it, or null for a proxy's response to CONNECT, which has no body.
   */
  private static HttpResponse readResponse(
      InputStream in, Socket socket, long deadlineNanos, HttpConnection connection)
      throws IOException {
    String statusLine = HttpBodyReader.readLine(in, socket, deadlineNanos);
    // HTTP/1.1 200 OK
    if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
      throw new ProtocolException("invalid HTTP status line: " + HttpBodyReader.printable(statusLine));
    }
    int status;
    try {
      status = Integer.parseInt(statusLine.substring(9, 12));
    } catch (NumberFormatException e) {
      throw new ProtocolException("invalid HTTP status line: " + HttpBodyReader.printable(statusLine));
    }
    String reason = statusLine.length() > 13 ? statusLine.substring(13) : "";
    boolean http10 = statusLine.startsWith("HTTP/1.0");

    Map<String, String> headers = new HashMap<>();
    for (int count = 0; ; count++) {
      String line = HttpBodyReader.readLine(in, socket, deadlineNanos);
      if (line.isEmpty()) {
        break;
      }
      if (count == MAX_HEADER_FIELDS) {
        throw new ProtocolException("the response has more than " + MAX_HEADER_FIELDS + " headers");
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        headers.putIfAbsent(name, line.substring(colon + 1).trim());
      }
    }
    if (connection == null || (status >= 100 && status < 200)) {
      return new HttpResponse(status, reason, headers, new byte[0]);
    }

    HttpBodyReader body = new HttpBodyReader(in, socket, deadlineNanos);
    boolean complete;
    String transferEncoding = headers.get("transfer-encoding");
    String contentLength = headers.get("content-length");
    if (status == 204 || status == 304) {
      complete = true;
    } else if (transferEncoding != null
        && transferEncoding.toLowerCase(Locale.ROOT).endsWith("chunked")) {
      complete = body.readChunked();
    } else if (contentLength != null) {
      complete = body.readSized(parseLength(contentLength));
    } else {
      body.readToEnd();
      complete = false;
    }

    String connectionHeader = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
    boolean keepAlive =
        http10 ? connectionHeader.contains("keep-alive") : !connectionHeader.contains("close");
    connection.reusable = complete && keepAlive;
    return new HttpResponse(status, reason, headers, body.kept());
  }

  private static long parseLength(String value) throws ProtocolException {
    try {
      long length = Long.parseLong(value.trim());
      if (length >= 0) {
        return length;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new ProtocolException("invalid Content-Length: " + HttpBodyReader.printable(value));
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing: the socket is unusable either way.
    }
  }
}
