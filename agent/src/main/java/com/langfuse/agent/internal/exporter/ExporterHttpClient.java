package com.langfuse.agent.internal.exporter;

import java.io.IOException;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;

/**
 * The HTTP/1.1 client of one exporter: it POSTs request bodies to one URL over at most one
 * connection, which it keeps open between requests for up to {@link #KEEP_ALIVE_NANOS}.
 *
 * <p>It is built on {@link Socket} and {@link javax.net.ssl.SSLSocket} directly, not on an HTTP
 * library. The agent then carries no HTTP library that could clash with the application's, and an
 * APM agent that traces the JDK's or a library's HTTP client does not trace the export requests. It
 * neither retries nor follows redirects, because the TaskManager owns the retry policy and a
 * redirect means LANGFUSE_BASE_URL is wrong.
 *
 * <p>Each request has one deadline, {@code timeoutMillis} after it starts, for connecting, the TLS
 * handshake, sending and the whole response. Reads stop at it through the socket timeout. A daemon
 * thread named {@value #WATCHDOG_THREAD_NAME} closes the socket at the deadline, which also stops
 * a write to a server that has stopped reading; it is started on the first request and ends after
 * {@link #WATCHDOG_IDLE_SECONDS} seconds without one.
 *
 * <p>{@link #post} is called by one thread at a time. {@link #close()} may come from any thread and
 * ends the request in progress.
 */
final class ExporterHttpClient implements AutoCloseable {

  static final String WATCHDOG_THREAD_NAME = "langfuse-agent-http-timeout";

  /** Idle time after which a pooled connection is closed instead of reused. */
  private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(60);

  private static final long WATCHDOG_IDLE_SECONDS = 10;

  private final HttpTarget target;
  private final SSLSocketFactory tls;
  private final long timeoutNanos;
  private final String fixedHeaders;
  private final Object lock = new Object();

  // Guarded by lock.
  private HttpConnection idle;
  private long idleSinceNanos;
  private Socket active;
  private ScheduledThreadPoolExecutor watchdog;
  private boolean closed;

  /**
   * Creates a client for {@code url} that sends {@code headers} with every request.
   *
   * @throws IllegalArgumentException when {@code url} is not an http(s) URL or a header has a line
   *     break
   */
  ExporterHttpClient(String url, Map<String, String> headers, long timeoutMillis) {
    this(url, headers, timeoutMillis, null);
  }

  /**
   * Creates a client that makes TLS connections with {@code tls}, or with the JDK's default
   * factory (default trust store, {@code javax.net.ssl.*} system properties) when it is null.
   */
  ExporterHttpClient(
      String url, Map<String, String> headers, long timeoutMillis, SSLSocketFactory tls) {
    this.tls = tls;
    this.target = new HttpTarget(url);
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    StringBuilder lines = new StringBuilder();
    lines.append("Host: ").append(target.hostHeader()).append("\r\n");
    for (Map.Entry<String, String> header : headers.entrySet()) {
      String line = header.getKey() + ": " + header.getValue();
      if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("the HTTP header " + header.getKey() + " has a line break");
      }
      lines.append(line).append("\r\n");
    }
    this.fixedHeaders = lines.toString();
  }

  /**
   * POSTs {@code body} with its Content-Type and, unless null, its Content-Encoding, and returns the
   * response. Throws IOException for a network error, SocketTimeoutException once the deadline has
   * passed, and IOException after {@link #close()}.
   */
  HttpResponse post(byte[] body, String contentType, String contentEncoding) throws IOException {
    long deadlineNanos = System.nanoTime() + timeoutNanos;
    HttpConnection connection = takeIdle();
    Proxy proxy = target.proxy();
    Socket socket;
    if (connection != null) {
      socket = connection.socket();
    } else {
      socket = proxy.type() == Proxy.Type.SOCKS ? new Socket(proxy) : new Socket();
    }

    ScheduledFuture<?> timeout = startRequest(socket, deadlineNanos);
    try {
      if (connection == null) {
        connection = HttpConnection.open(target, proxy, socket, tlsFactory(), deadlineNanos);
        setActive(connection.socket());
      }
      byte[] head = head(proxy, contentType, contentEncoding, body.length);
      HttpResponse response = connection.exchange(head, body, deadlineNanos);
      release(connection);
      return response;
    } catch (IOException | RuntimeException e) {
      closeQuietly(socket);
      if (connection != null) {
        connection.close();
      }
      if (System.nanoTime() - deadlineNanos >= 0) {
        SocketTimeoutException timedOut =
            new SocketTimeoutException(
                "timed out after " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
        timedOut.initCause(e);
        throw timedOut;
      }
      throw e;
    } finally {
      timeout.cancel(false);
      setActive(null);
    }
  }

  /**
   * Closes the pooled connection and the socket of the request in progress, which then fails, and
   * stops the watchdog thread. Later requests fail. Safe to call more than once.
   */
  @Override
  public void close() {
    HttpConnection pooled;
    Socket inFlight;
    ScheduledThreadPoolExecutor timer;
    synchronized (lock) {
      closed = true;
      pooled = idle;
      idle = null;
      inFlight = active;
      timer = watchdog;
    }
    if (pooled != null) {
      pooled.close();
    }
    if (inFlight != null) {
      closeQuietly(inFlight);
    }
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  /** Returns the pooled connection if it is still usable, closing it if not. */
  private HttpConnection takeIdle() throws IOException {
    HttpConnection connection;
    long idleNanos;
    synchronized (lock) {
      if (closed) {
        throw new IOException("the exporter's HTTP client is closed");
      }
      connection = idle;
      idle = null;
      idleNanos = System.nanoTime() - idleSinceNanos;
    }
    if (connection != null && (idleNanos > KEEP_ALIVE_NANOS || !connection.isReusable())) {
      connection.close();
      return null;
    }
    return connection;
  }

  /** Registers {@code socket} as the one {@link #close()} ends, and arms the deadline. */
  private ScheduledFuture<?> startRequest(Socket socket, long deadlineNanos) throws IOException {
    synchronized (lock) {
      if (closed) {
        closeQuietly(socket);
        throw new IOException("the exporter's HTTP client is closed");
      }
      active = socket;
      if (watchdog == null) {
        watchdog = new ScheduledThreadPoolExecutor(1, ExporterHttpClient::newWatchdogThread);
        watchdog.setRemoveOnCancelPolicy(true);
        watchdog.setKeepAliveTime(WATCHDOG_IDLE_SECONDS, TimeUnit.SECONDS);
        watchdog.allowCoreThreadTimeOut(true);
      }
      return watchdog.schedule(
          () -> closeQuietly(socket), deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }
  }

  /** Makes {@code socket} the one {@link #close()} ends; closes it at once if close came first. */
  private void setActive(Socket socket) throws IOException {
    synchronized (lock) {
      if (socket != null && closed) {
        closeQuietly(socket);
        throw new IOException("the exporter's HTTP client is closed");
      }
      active = socket;
    }
  }

  /** Returns the TLS socket factory for an https URL, or null; the JDK's default loads lazily. */
  private SSLSocketFactory tlsFactory() {
    if (!target.secure()) {
      return null;
    }
    return tls != null ? tls : (SSLSocketFactory) SSLSocketFactory.getDefault();
  }

  private void release(HttpConnection connection) {
    synchronized (lock) {
      if (!closed && connection.isReusable()) {
        idle = connection;
        idleSinceNanos = System.nanoTime();
        return;
      }
    }
    connection.close();
  }

  private byte[] head(Proxy proxy, String contentType, String contentEncoding, int length) {
    StringBuilder head = new StringBuilder(fixedHeaders.length() + 128);
    head.append("POST ").append(target.requestTarget(proxy)).append(" HTTP/1.1\r\n");
    head.append(fixedHeaders);
    head.append("Content-Type: ").append(contentType).append("\r\n");
    if (contentEncoding != null) {
      head.append("Content-Encoding: ").append(contentEncoding).append("\r\n");
    }
    head.append("Content-Length: ").append(length).append("\r\n\r\n");
    return head.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static Thread newWatchdogThread(Runnable task) {
    Thread thread = new Thread(task, WATCHDOG_THREAD_NAME);
    thread.setDaemon(true);
    return thread;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing: the socket is unusable either way.
    }
  }
}
