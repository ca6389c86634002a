package com.langfuse.agent.internal.exporter;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/** Builds the OkHttp client of one exporter. */
final class ExporterHttpClient {

  static final String THREAD_NAME_PREFIX = "langfuse-agent-http-";

  /** The TaskManager sends one request at a time, so one idle connection is enough to reuse. */
  private static final int MAX_IDLE_CONNECTIONS = 1;

  private static final long KEEP_ALIVE_SECONDS = 60;

  private ExporterHttpClient() {}

  /**
   * Builds a client with its own connection pool and dispatcher, so that closing the exporter
   * closes exactly its own sockets and threads and nothing shared with the application. Every
   * timeout is {@code timeoutMillis}. OkHttp neither retries nor follows redirects, because the
   * TaskManager owns the retry policy and a redirect means LANGFUSE_BASE_URL is wrong.
   *
   * <p>NOTE: the pool's cleanup and the timeout watchdog still run on OkHttp's and Okio's shared
   * daemon threads ("OkHttp TaskRunner", "Okio Watchdog"), which this builder cannot rename.
   */
  static OkHttpClient build(long timeoutMillis) {
    ExecutorService executor =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            KEEP_ALIVE_SECONDS,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            new DaemonThreadFactory());
    return new OkHttpClient.Builder()
        .dispatcher(new Dispatcher(executor))
        .connectionPool(
            new ConnectionPool(MAX_IDLE_CONNECTIONS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS))
        .callTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .connectTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .readTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .writeTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .followSslRedirects(false)
        .build();
  }

  /**
   * Cancels every call in progress (synchronous ones included), closes every pooled connection and
   * stops the dispatcher's threads. Safe to call twice.
   */
  static void shutdown(OkHttpClient client) {
    client.dispatcher().cancelAll();
    client.connectionPool().evictAll();
    client.dispatcher().executorService().shutdown();
  }

  /** Daemon threads named langfuse-agent-http-N, so they never keep the application alive. */
  private static final class DaemonThreadFactory implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, THREAD_NAME_PREFIX + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
