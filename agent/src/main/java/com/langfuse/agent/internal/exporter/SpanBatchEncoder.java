package com.langfuse.agent.internal.exporter;

import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.export.AgentStats;
import com.langfuse.agent.bootstrap.export.DropReason;
import com.langfuse.agent.bootstrap.export.ExportRequest;
import com.langfuse.agent.bootstrap.trace.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Splits a batch of spans into gzip-compressed request bodies whose uncompressed JSON stays within
 * the maximum request size. Each span is encoded exactly once into its own fragment, and the
 * fragments are packed greedily, in batch order, into the fewest requests that keep that order.
 *
 * <p>Not thread-safe: the TaskManager calls it from its one consumer thread.
 */
final class SpanBatchEncoder {

  /**
   * The deflate level, chosen for throughput because this runs on the one thread that also sends
   * every request. An estimate from one run (1.3 MB of OTLP JSON with English prose, JDK 17, AMD
   * EPYC): level 6 took about three times the CPU time of level 1 for a body about a fifth smaller.
   */
  static final int GZIP_LEVEL = 1;

  static final String CONTENT_ENCODING = "gzip";

  private static final String MAX_REQUEST_BYTES_VARIABLE = "LANGFUSE_AGENT_MAX_REQUEST_BYTES";

  private final SpanWriter spanWriter;
  private final byte[] prefix;
  private final byte[] suffix;
  private final int maxRequestBytes;

  /**
   * Creates an encoder whose requests start with {@code prefix}, the envelope from {@link
   * OtlpJsonWriter#envelopePrefix}, and hold at most {@code maxRequestBytes} of uncompressed JSON.
   */
  SpanBatchEncoder(SpanWriter spanWriter, byte[] prefix, int maxRequestBytes) {
    this.spanWriter = spanWriter;
    this.prefix = prefix;
    this.suffix = OtlpJsonWriter.envelopeSuffix();
    this.maxRequestBytes = maxRequestBytes;
  }

  /**
   * Encodes {@code spans} into requests. Spans that fail to encode or that alone exceed the maximum
   * request size are left out and counted in {@code stats}.
   */
  List<ExportRequest> encode(List<SpanData> spans, AgentStats stats) {
    List<ExportRequest> requests = new ArrayList<>();
    int maxSpanBytes = maxRequestBytes - prefix.length - suffix.length;
    ByteArrayOutputStream fragment = new ByteArrayOutputStream(4096);
    PendingRequest request = null;
    try {
      for (SpanData span : spans) {
        fragment.reset();
        if (!encodeSpan(span, fragment, stats)) {
          continue;
        }
        if (fragment.size() > maxSpanBytes) {
          dropTooLarge(span, fragment.size(), stats);
          continue;
        }

        if (request != null && !request.fits(fragment.size())) {
          requests.add(request.finish());
          request = null;
        }
        if (request == null) {
          request = new PendingRequest();
        }
        request.append(fragment);
      }
      if (request != null) {
        requests.add(request.finish());
        request = null;
      }
    } catch (IOException e) {
      // Only in-memory streams are written here, so this is not expected to happen.
      throw new UncheckedIOException("compressing a request body in memory failed", e);
    } finally {
      if (request != null) {
        request.discard();
      }
    }
    return requests;
  }

  /**
   * Returns whether {@code span} was encoded into {@code fragment}, counting the failure if not.
   */
  private boolean encodeSpan(SpanData span, ByteArrayOutputStream fragment, AgentStats stats) {
    try {
      span.resolveDeferred();
      spanWriter.write(span, fragment);
      return true;
    } catch (IOException | RuntimeException e) {
      stats.recordDropped(DropReason.ENCODING_FAILED, 1);
      // One key per exception type, so that a second kind of failure is not hidden by the first.
      AgentLog.rateLimited(
          AgentLog.Level.WARN,
          "exporter-encoding-failed-" + e.getClass().getName(),
          "encoding span "
              + span.name()
              + " (spanId "
              + span.spanId()
              + ") failed, so it is dropped: "
              + e);
      return false;
    }
  }

  private void dropTooLarge(SpanData span, int size, AgentStats stats) {
    stats.recordDropped(DropReason.TOO_LARGE, 1);
    AgentLog.rateLimited(
        AgentLog.Level.WARN,
        "exporter-span-too-large",
        "span "
            + span.name()
            + " encodes to "
            + size
            + " bytes of JSON, more than fits in one request of "
            + MAX_REQUEST_BYTES_VARIABLE
            + "="
            + maxRequestBytes
            + " bytes, so it is dropped: raise "
            + MAX_REQUEST_BYTES_VARIABLE
            + ", up to 4000000, to send spans this large");
  }

  /** Writes one span as a JSON object. The production writer is {@link OtlpJsonWriter}. */
  @FunctionalInterface
  interface SpanWriter {
    void write(SpanData span, OutputStream out) throws IOException;
  }

  /** One request being filled, compressed as fragments arrive, with its uncompressed size. */
  private final class PendingRequest {
    private final ByteArrayOutputStream compressed = new ByteArrayOutputStream(8192);
    private final GZIPOutputStream gzip;
    private int uncompressedBytes;
    private int spanCount;

    PendingRequest() throws IOException {
      gzip = new LevelledGzipOutputStream(compressed, GZIP_LEVEL);
      gzip.write(prefix);
      uncompressedBytes = prefix.length + suffix.length;
    }

    boolean fits(int fragmentBytes) {
      int separator = spanCount > 0 ? 1 : 0;
      return (long) uncompressedBytes + separator + fragmentBytes <= maxRequestBytes;
    }

    void append(ByteArrayOutputStream fragment) throws IOException {
      if (spanCount > 0) {
        gzip.write(',');
        uncompressedBytes++;
      }
      fragment.writeTo(gzip);
      uncompressedBytes += fragment.size();
      spanCount++;
    }

    ExportRequest finish() throws IOException {
      gzip.write(suffix);
      gzip.close();
      return new ExportRequest(compressed.toByteArray(), spanCount, CONTENT_ENCODING);
    }

    /** Releases the deflater's native memory when encoding stopped before {@link #finish()}. */
    void discard() {
      try {
        gzip.close();
      } catch (IOException e) {
        // An in-memory stream being abandoned: nothing left to report.
      }
    }
  }

  /** A gzip stream with a chosen deflate level, which GZIPOutputStream's constructors lack. */
  private static final class LevelledGzipOutputStream extends GZIPOutputStream {
    LevelledGzipOutputStream(OutputStream out, int level) throws IOException {
      super(out, 8192);
      def.setLevel(level);
    }
  }
}
