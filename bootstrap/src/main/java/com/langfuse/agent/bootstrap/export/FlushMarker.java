package com.langfuse.agent.bootstrap.export;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One {@link TaskManager#flush} call, queued behind the spans it waits for.
 *
 * <p>The consumer takes spans in queue order and ends a batch at a marker, so when it completes
 * the marker every span queued before it has been exported or dropped. The flush succeeded when
 * the ledger counted no drop of a queued span since the flush began: any drop counted in between
 * was of a span queued before the marker.
 */
final class FlushMarker {

  private final long dropEventsAtStart;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile boolean delivered;

  FlushMarker(long dropEventsAtStart) {
    this.dropEventsAtStart = dropEventsAtStart;
  }

  /** Completes the flush, delivered when {@code dropEventsNow} shows no drop since it began. */
  void complete(long dropEventsNow) {
    finish(dropEventsNow == dropEventsAtStart);
  }

  /** Completes the flush as failed, because its spans were dropped or left unsent. */
  void fail() {
    finish(false);
  }

  /** Waits up to {@code nanos}; returns whether the flush is complete. */
  boolean await(long nanos) throws InterruptedException {
    return done.await(nanos, TimeUnit.NANOSECONDS);
  }

  /** Whether every span queued before the flush was delivered; valid once complete. */
  boolean delivered() {
    return delivered;
  }

  /** The first completion wins; callers hold the {@link ConsumerState} lock. */
  private void finish(boolean result) {
    if (done.getCount() == 0) {
      return;
    }
    delivered = result;
    done.countDown();
  }
}
