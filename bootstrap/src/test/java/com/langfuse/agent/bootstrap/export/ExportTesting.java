package com.langfuse.agent.bootstrap.export;

import static org.assertj.core.api.Assertions.fail;

import com.langfuse.agent.bootstrap.config.AgentConfig;
import com.langfuse.agent.bootstrap.trace.IdGenerator;
import com.langfuse.agent.bootstrap.trace.SpanData;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Configuration, spans and waits shared by the TaskManager tests. */
final class ExportTesting {

  /** Retry waits of at most 10 to 40 ms, so retry tests take milliseconds. */
  static final RetryBackoff FAST_BACKOFF = new RetryBackoff(10, 40);

  private static final long WAIT_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(10);

  private ExportTesting() {}

  /**
   * Returns a configuration with test keys, a loopback base URL that is never contacted, a flush
   * interval of one minute (so only full batches and flushes send), and {@code settings} on top:
   * alternating variable names and values.
   */
  static AgentConfig config(String... settings) {
    Map<String, String> values = new HashMap<>();
    values.put("LANGFUSE_PUBLIC_KEY", "pk-lf-test");
    values.put("LANGFUSE_SECRET_KEY", "sk-lf-test");
    values.put("LANGFUSE_BASE_URL", "http://127.0.0.1:9");
    values.put("LANGFUSE_FLUSH_INTERVAL", "60");
    for (int i = 0; i + 1 < settings.length; i += 2) {
      values.put(settings[i], settings[i + 1]);
    }
    AgentConfig config = AgentConfig.fromMap(values);
    if (!config.warnings().isEmpty()) {
      fail("test configuration is invalid: " + config.warnings());
    }
    return config;
  }

  /** Returns a span that was never ended, so no global Tracer sink sees it. */
  static SpanData span(String name) {
    return SpanData.forTest(IdGenerator.newTraceId(), IdGenerator.newSpanId(), null, name, 1L);
  }

  /** Polls {@code condition} every few milliseconds for up to 10 seconds. */
  static void awaitTrue(String description, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT_LIMIT_NANOS;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out after 10 s waiting until " + description);
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted waiting until " + description);
      }
    }
  }
}
