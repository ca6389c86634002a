package com.langfuse.agent.bootstrap.export;

import com.langfuse.agent.bootstrap.trace.SpanData;
import java.util.List;

/**
 * Spans taken from the queue together, the requests encoded from them and how far sending got.
 *
 * <p>Only {@link ConsumerState} changes a batch, under its lock. A batch outlives the consumer
 * thread that took it: when the thread stops or dies mid-batch, the next thread continues with the
 * first unsent request instead of sending delivered spans again.
 */
final class Batch {

  private final List<SpanData> spans;
  private final List<FlushMarker> markers;
  private long reservedBytes;
  private List<ExportRequest> requests;
  private int nextRequest;
  private int settledSpans;
  private int consumerFailures;

  Batch(List<SpanData> spans, List<FlushMarker> markers, long reservedBytes) {
    this.spans = spans;
    this.markers = markers;
    this.reservedBytes = reservedBytes;
  }

  List<SpanData> spans() {
    return spans;
  }

  /** Flushes waiting for this batch: they complete when it is settled. */
  List<FlushMarker> markers() {
    return markers;
  }

  /**
   * Returns the queue bytes the batch's spans still reserve, once: later calls return 0, so the
   * bytes are given back to the queue exactly once however the batch ends.
   */
  long takeReservedBytes() {
    long taken = reservedBytes;
    reservedBytes = 0;
    return taken;
  }

  boolean isEncoded() {
    return requests != null;
  }

  void setRequests(List<ExportRequest> encoded) {
    requests = encoded;
  }

  /** Returns the first request not yet sent, or null when every request is done. */
  ExportRequest nextRequest() {
    return requests != null && nextRequest < requests.size() ? requests.get(nextRequest) : null;
  }

  void advance() {
    nextRequest++;
  }

  /** Counts {@code count} spans as settled, capped at what is unsettled, and returns the count. */
  int settle(int count) {
    int settled = Math.max(0, Math.min(count, unsettledSpans()));
    settledSpans += settled;
    return settled;
  }

  int unsettledSpans() {
    return spans.size() - settledSpans;
  }

  /** Counts one consumer thread that died holding this batch; returns the total. */
  int recordConsumerFailure() {
    return ++consumerFailures;
  }
}
