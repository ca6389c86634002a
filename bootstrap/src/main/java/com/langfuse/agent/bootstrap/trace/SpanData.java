package com.langfuse.agent.bootstrap.trace;

import com.langfuse.agent.bootstrap.AgentLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * One observation: an OTLP span with Langfuse attributes, exported once after {@link #end()}.
 *
 * <p>Thread safety: instrumentation may set attributes from several threads (a stream consumed on
 * a callback thread), so mutators synchronize on the span. {@link #end()} hands the span to the
 * {@link SpanSink} exactly once; the sink's queue publishes it to the exporter thread, which only
 * reads it, and mutations after the end are ignored.
 *
 * <p>A span of a sampled-out trace ignores every attribute, so it costs the application thread
 * nothing beyond its ids. With {@code LANGFUSE_CAPTURE_CONTENT=false}, a content attribute (see
 * {@link ContentCapture}) is ignored when it is set, and a deferred one is never computed.
 */
public final class SpanData {

  public static final int STATUS_UNSET = 0;
  public static final int STATUS_OK = 1;
  public static final int STATUS_ERROR = 2;

  /** OTLP span kinds used by the agent. */
  public static final int KIND_INTERNAL = 1;
  public static final int KIND_SERVER = 2;
  public static final int KIND_CLIENT = 3;

  /** Fixed per-span overhead used in the queue's byte accounting: ids, timestamps, framing. */
  private static final long BASE_BYTES = 256;

  private final String traceId;
  private final String spanId;
  private final String parentSpanId;
  private final int kind;
  private final long startEpochNanos;
  private final Map<String, Object> attributes = new LinkedHashMap<>();
  private String name;
  private long endEpochNanos;
  private int statusCode = STATUS_UNSET;
  private String statusMessage;
  private long estimatedBytes = BASE_BYTES;
  private boolean ended;
  private volatile TraceGate gate;
  private boolean sampled = true;

  SpanData(
      String traceId, String spanId, String parentSpanId, String name, int kind, long startNanos) {
    this.traceId = traceId;
    this.spanId = spanId;
    this.parentSpanId = parentSpanId;
    this.name = name;
    this.kind = kind;
    this.startEpochNanos = startNanos;
    this.estimatedBytes += name.length();
  }

  /** Creates a span with explicit ids and times, for exporter tests and benchmarks. */
  public static SpanData forTest(
      String traceId, String spanId, String parentSpanId, String name, long startNanos) {
    return new SpanData(traceId, spanId, parentSpanId, name, KIND_INTERNAL, startNanos);
  }

  public String traceId() {
    return traceId;
  }

  public String spanId() {
    return spanId;
  }

  /** The parent span id, or null for a trace root. */
  public String parentSpanId() {
    return parentSpanId;
  }

  public int kind() {
    return kind;
  }

  public synchronized String name() {
    return name;
  }

  public long startEpochNanos() {
    return startEpochNanos;
  }

  public synchronized long endEpochNanos() {
    return endEpochNanos;
  }

  public synchronized int statusCode() {
    return statusCode;
  }

  public synchronized String statusMessage() {
    return statusMessage;
  }

  public synchronized boolean isEnded() {
    return ended;
  }

  /**
   * Returns whether the span's trace is sampled. A sampled-out span is not exported, and its children and
   * the TRACEPARENT it propagates carry the same decision.
   */
  public synchronized boolean isSampled() {
    return sampled;
  }

  /** Marks the span's trace as sampled out; the Tracer calls this before returning the span. */
  synchronized void markSampledOut() {
    sampled = false;
  }

  /** Approximate size of the encoded span in bytes, for the queue's memory bound. */
  public synchronized long estimatedBytes() {
    return estimatedBytes;
  }

  /**
   * Adds {@code bytes} to the estimate, for memory the span keeps for the exporter besides its
   * attributes, such as a request body. Does nothing once the span has ended, because the queue
   * has charged it by then, or when the span is not exported.
   */
  public synchronized void addEstimatedBytes(long bytes) {
    if (!ended && sampled && bytes > 0) {
      estimatedBytes += bytes;
    }
  }

  public synchronized void setName(String name) {
    if (!ended && name != null) {
      this.name = name;
    }
  }

  public void setAttribute(String key, String value) {
    put(key, value, value == null ? 0 : value.length());
  }

  public void setAttribute(String key, long value) {
    put(key, value, 20);
  }

  public void setAttribute(String key, double value) {
    put(key, value, 24);
  }

  public void setAttribute(String key, boolean value) {
    put(key, value, 5);
  }

  /** Sets a string-array attribute; the list is copied. */
  public void setAttribute(String key, List<String> values) {
    if (values == null) {
      return;
    }
    List<String> copy = Collections.unmodifiableList(new ArrayList<>(values));
    long size = 0;
    for (String value : copy) {
      size += value == null ? 4 : value.length() + 3;
    }
    put(key, copy, size);
  }

  /**
   * Sets an attribute whose string value is computed later, on the exporter thread, so that
   * serializing a large request does not cost the application thread. {@code estimatedBytes} is
   * charged against the queue's byte bound until then. The supplier must only read immutable
   * state and must not block.
   */
  public void setDeferredAttribute(String key, Supplier<String> value, long estimatedBytes) {
    put(key, new Deferred(value), estimatedBytes);
  }

  /** Marks the span failed: OTLP status ERROR, Langfuse level ERROR and the status message. */
  public synchronized void recordError(String message) {
    if (ended) {
      return;
    }
    statusCode = STATUS_ERROR;
    statusMessage = message;
    put(LangfuseAttributes.OBSERVATION_LEVEL, LangfuseAttributes.LEVEL_ERROR, 5);
    if (message != null) {
      put(LangfuseAttributes.OBSERVATION_STATUS_MESSAGE, message, message.length());
    }
  }

  /** Ends the span now. Returns false, and does nothing, when it had already ended. */
  public boolean end() {
    return end(AgentClock.nowEpochNanos());
  }

  /** Ends the span at {@code epochNanos}. Returns false when it had already ended. */
  public boolean end(long epochNanos) {
    synchronized (this) {
      if (ended) {
        return false;
      }
      ended = true;
      endEpochNanos = Math.max(epochNanos, startEpochNanos);
    }
    Tracer.onEnd(this);
    return true;
  }

  /** The gate that decides whether this span is exported, or null when it always is. */
  TraceGate gate() {
    return gate;
  }

  void setGate(TraceGate gate) {
    this.gate = gate;
  }

  /** Returns the attribute value, resolving nothing: a deferred value is returned as null. */
  public synchronized Object attribute(String key) {
    Object value = attributes.get(key);
    return value instanceof Deferred ? null : value;
  }

  /**
   * Computes every deferred attribute, on the exporter thread. A supplier that throws loses only
   * its own attribute, and the failure is logged.
   */
  public synchronized void resolveDeferred() {
    for (Map.Entry<String, Object> entry : attributes.entrySet()) {
      if (entry.getValue() instanceof Deferred) {
        String resolved;
        try {
          resolved = ((Deferred) entry.getValue()).supplier.get();
        } catch (Throwable t) {
          AgentLog.rateLimited(
              AgentLog.Level.WARN,
              "deferred-" + entry.getKey(),
              "capturing attribute " + entry.getKey() + " of span " + name + " failed: " + t);
          resolved = null;
        }
        entry.setValue(resolved);
      }
    }
    attributes.values().removeIf(v -> v == null);
  }

  /**
   * Calls {@code action} for each attribute in insertion order. Values are String, Long, Double,
   * Boolean or List of String; call {@link #resolveDeferred()} first.
   */
  public synchronized void forEachAttribute(BiConsumer<String, Object> action) {
    for (Map.Entry<String, Object> entry : attributes.entrySet()) {
      if (!(entry.getValue() instanceof Deferred)) {
        action.accept(entry.getKey(), entry.getValue());
      }
    }
  }

  public synchronized int attributeCount() {
    return attributes.size();
  }

  @Override
  public synchronized String toString() {
    return "SpanData{name=" + name + ", traceId=" + traceId + ", spanId=" + spanId + "}";
  }

  private synchronized void put(String key, Object value, long size) {
    if (ended || key == null || !sampled || !ContentCapture.isCaptured(key)) {
      return;
    }
    if (value == null) {
      attributes.remove(key);
      return;
    }
    attributes.put(key, value);
    estimatedBytes += key.length() + size + 8;
  }

  /** A value computed on the exporter thread. */
  private static final class Deferred {
    final Supplier<String> supplier;

    Deferred(Supplier<String> supplier) {
      this.supplier = supplier;
    }
  }
}
