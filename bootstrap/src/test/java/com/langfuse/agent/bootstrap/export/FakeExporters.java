package com.langfuse.agent.bootstrap.export;

import com.langfuse.agent.bootstrap.trace.SpanData;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An exporter factory for TaskManager tests. The real OTLP/HTTP exporter lives in the agent
 * module; these exporters encode a batch as one request whose body lists the span names, and
 * answer each send with what the test's {@link Responder} returns. All exporters of one factory
 * share the responder and the record of what was delivered.
 */
final class FakeExporters implements Supplier<SpanExporter> {

  /** Chooses the result of send number {@code attempt}, counted from 0 over all exporters. */
  interface Responder {
    SendResult respond(int attempt, ExportRequest request);
  }

  final List<FakeExporter> created = new CopyOnWriteArrayList<>();
  final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
  final List<Integer> deliveredBatchSizes = new CopyOnWriteArrayList<>();
  final List<Long> sendNanos = new CopyOnWriteArrayList<>();
  final List<String> factoryThreads = new CopyOnWriteArrayList<>();
  final AtomicInteger sends = new AtomicInteger();
  final AtomicInteger encodes = new AtomicInteger();

  /** Released by {@link #releaseHangingSends()}; sends made by {@link #hangForever()} wait on it. */
  private final CountDownLatch hangRelease = new CountDownLatch(1);

  private volatile Responder responder = (attempt, request) -> SendResult.success();
  private volatile RuntimeException encodeFailure;
  private volatile Error encodeError;

  void respondWith(Responder newResponder) {
    responder = newResponder;
  }

  /** Makes every later encode throw {@code error}, which kills the consumer thread. */
  void failEncodeWith(Error error) {
    encodeError = error;
  }

  void failEncodeWith(RuntimeException failure) {
    encodeFailure = failure;
  }

  /** A responder whose send blocks, ignoring interrupts, until the test releases it. */
  Responder hangForever() {
    return (attempt, request) -> {
      boolean interrupted = false;
      while (hangRelease.getCount() > 0) {
        try {
          hangRelease.await();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return SendResult.retryable(0, -1, "released by the test");
    };
  }

  void releaseHangingSends() {
    hangRelease.countDown();
  }

  int deliveredCount() {
    return delivered.size();
  }

  @Override
  public SpanExporter get() {
    factoryThreads.add(Thread.currentThread().getName());
    FakeExporter exporter = new FakeExporter();
    created.add(exporter);
    return exporter;
  }

  final class FakeExporter implements SpanExporter {
    volatile boolean closed;

    @Override
    public List<ExportRequest> encode(List<SpanData> spans, AgentStats stats) {
      encodes.incrementAndGet();
      if (encodeError != null) {
        throw encodeError;
      }
      if (encodeFailure != null) {
        throw encodeFailure;
      }
      StringBuilder body = new StringBuilder();
      for (SpanData span : spans) {
        span.resolveDeferred();
        body.append(span.name()).append('\n');
      }
      byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
      return List.of(new ExportRequest(bytes, spans.size(), null));
    }

    @Override
    public SendResult send(ExportRequest request) {
      sendNanos.add(System.nanoTime());
      SendResult result = responder.respond(sends.getAndIncrement(), request);
      if (result.outcome() == SendResult.Outcome.SUCCESS) {
        String body = new String(request.body(), StandardCharsets.UTF_8);
        delivered.addAll(Arrays.asList(body.split("\n")));
        deliveredBatchSizes.add(request.spanCount());
      }
      return result;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
