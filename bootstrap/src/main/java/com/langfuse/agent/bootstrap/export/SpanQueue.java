package com.langfuse.agent.bootstrap.export;

import com.langfuse.agent.bootstrap.trace.SpanData;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The export queue: a linked list that many application threads append to and one consumer takes
 * from, bounded by span count and by estimated bytes.
 *
 * <p>A producer first reserves room with {@link #reserve}, which is two atomic additions and never
 * waits, then appends its node with {@link #link}, which is one atomic exchange of the tail. No
 * producer takes a lock or retries. Between the exchange and the store of the link the new node
 * is not yet reachable, so {@link #poll} may return null for a moment while {@link #size} is
 * positive. Flush markers travel in the same list but do not count against the bounds.
 *
 * <p>A span's bytes stay reserved after {@link #poll} until {@link #releaseBytes} gives them
 * back, so the byte bound also covers the batch the consumer holds while it sends or retries.
 *
 * <p>{@link #peek} and {@link #poll} must only be called by one thread at a time: whoever holds
 * the {@link ConsumerState} lock.
 */
final class SpanQueue {

  /** Returned by {@link #reserve} when the queue already holds its maximum number of spans. */
  static final int FULL_BY_COUNT = -1;

  /** Returned by {@link #reserve} when the span would take the queue past its byte bound. */
  static final int FULL_BY_BYTES = -2;

  private final int maxSpans;
  private final long maxBytes;
  private final AtomicInteger spans = new AtomicInteger();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicInteger markers = new AtomicInteger();
  private final AtomicReference<Node> tail;

  /** The node taken last, or the initial empty node; its successor is the queue's head. */
  private Node taken;

  SpanQueue(int maxSpans, long maxBytes) {
    this.maxSpans = maxSpans;
    this.maxBytes = maxBytes;
    this.taken = new Node(null, 0, 0, null);
    this.tail = new AtomicReference<>(taken);
  }

  /**
   * Reserves room for one span of {@code spanBytes}. Returns the number of spans queued including
   * this one, or {@link #FULL_BY_COUNT} or {@link #FULL_BY_BYTES} when it does not fit. A
   * successful reservation must be followed by {@link #link} or {@link #release}.
   */
  int reserve(long spanBytes) {
    int count = spans.incrementAndGet();
    if (count > maxSpans) {
      spans.decrementAndGet();
      return FULL_BY_COUNT;
    }
    if (bytes.addAndGet(spanBytes) > maxBytes) {
      bytes.addAndGet(-spanBytes);
      spans.decrementAndGet();
      return FULL_BY_BYTES;
    }
    return count;
  }

  /** Gives back a reservation whose span was never linked. */
  void release(long spanBytes) {
    bytes.addAndGet(-spanBytes);
    spans.decrementAndGet();
  }

  /** Appends a span whose room was reserved. */
  void link(SpanData span, long spanBytes, long enqueuedNanos) {
    append(new Node(span, spanBytes, enqueuedNanos, null));
  }

  /** Appends a flush marker behind every span linked so far. */
  void linkMarker(FlushMarker marker) {
    markers.incrementAndGet();
    append(new Node(null, 0, 0, marker));
  }

  /** Returns the head node without taking it, or null when no node is reachable. */
  Node peek() {
    return taken.next;
  }

  /**
   * Takes the head node and frees its place in the count, or returns null when no node is
   * reachable. The caller gives back a span node's bytes with {@link #releaseBytes} once the span
   * is settled.
   */
  Node poll() {
    Node next = taken.next;
    if (next == null) {
      return null;
    }
    taken.clear();
    taken = next;
    if (next.marker != null) {
      markers.decrementAndGet();
    } else {
      spans.decrementAndGet();
    }
    return next;
  }

  /** Gives back the bytes of polled spans that were exported or dropped. */
  void releaseBytes(long spanBytes) {
    if (spanBytes > 0) {
      bytes.addAndGet(-spanBytes);
    }
  }

  /** Spans queued or reserved. */
  int size() {
    return spans.get();
  }

  /** Estimated bytes of the spans queued, reserved, or polled and not yet released. */
  long bytes() {
    return bytes.get();
  }

  /** Flush markers linked and not yet taken. */
  int pendingMarkers() {
    return markers.get();
  }

  private void append(Node node) {
    Node previous = tail.getAndSet(node);
    previous.next = node;
  }

  /** One queued span, or one flush marker when {@link #marker()} is not null. */
  static final class Node {
    private SpanData span;
    private FlushMarker marker;
    private final long bytes;
    private final long enqueuedNanos;
    private volatile Node next;

    private Node(SpanData span, long bytes, long enqueuedNanos, FlushMarker marker) {
      this.span = span;
      this.bytes = bytes;
      this.enqueuedNanos = enqueuedNanos;
      this.marker = marker;
    }

    SpanData span() {
      return span;
    }

    FlushMarker marker() {
      return marker;
    }

    /** The estimated bytes reserved for the span; 0 for a marker. */
    long bytes() {
      return bytes;
    }

    /** The {@link System#nanoTime()} at which the span was accepted. */
    long enqueuedNanos() {
      return enqueuedNanos;
    }

    /** Drops the payload once the node is only the list's anchor, so the span can be collected. */
    private void clear() {
      span = null;
      marker = null;
    }
  }
}
