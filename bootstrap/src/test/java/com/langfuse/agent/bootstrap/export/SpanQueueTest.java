package com.langfuse.agent.bootstrap.export;

import static com.langfuse.agent.bootstrap.export.ExportTesting.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.bootstrap.trace.SpanData;
import org.junit.jupiter.api.Test;

class SpanQueueTest {

  @Test
  void reserveReturnsCountUntilFull() {
    SpanQueue queue = new SpanQueue(2, 1_000);

    assertThat(queue.reserve(10)).isEqualTo(1);
    assertThat(queue.reserve(10)).isEqualTo(2);
    assertThat(queue.reserve(10)).isEqualTo(SpanQueue.FULL_BY_COUNT);
    assertThat(queue.size()).isEqualTo(2);
  }

  @Test
  void reserveRejectsPastByteBound() {
    SpanQueue queue = new SpanQueue(10, 100);

    assertThat(queue.reserve(60)).isEqualTo(1);
    assertThat(queue.reserve(60)).isEqualTo(SpanQueue.FULL_BY_BYTES);
    assertThat(queue.bytes()).isEqualTo(60);
    assertThat(queue.size()).isEqualTo(1);
  }

  @Test
  void pollReturnsSpansInOrder() {
    SpanQueue queue = new SpanQueue(10, 1_000);
    SpanData first = span("first");
    SpanData second = span("second");
    queue.reserve(10);
    queue.link(first, 10, 1);
    queue.reserve(20);
    queue.link(second, 20, 2);

    assertThat(queue.poll().span()).isSameAs(first);
    assertThat(queue.poll().span()).isSameAs(second);
    assertThat(queue.poll()).isNull();
    assertThat(queue.size()).isZero();
    assertThat(queue.bytes()).isEqualTo(30);
  }

  @Test
  void polledBytesStayReservedUntilReleased() {
    SpanQueue queue = new SpanQueue(10, 100);
    queue.reserve(60);
    queue.link(span("in flight"), 60, 1);

    SpanQueue.Node polled = queue.poll();

    assertThat(queue.reserve(60)).isEqualTo(SpanQueue.FULL_BY_BYTES);
    queue.releaseBytes(polled.bytes());
    assertThat(queue.bytes()).isZero();
    assertThat(queue.reserve(60)).isEqualTo(1);
  }

  @Test
  void markersNotCountedAsSpans() {
    SpanQueue queue = new SpanQueue(10, 1_000);
    FlushMarker marker = new FlushMarker(0);

    queue.linkMarker(marker);

    assertThat(queue.size()).isZero();
    assertThat(queue.pendingMarkers()).isEqualTo(1);
    assertThat(queue.poll().marker()).isSameAs(marker);
    assertThat(queue.pendingMarkers()).isZero();
  }
}
