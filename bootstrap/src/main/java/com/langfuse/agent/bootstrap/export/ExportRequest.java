package com.langfuse.agent.bootstrap.export;

/**
 * One encoded HTTP request body: an OTLP ExportTraceServiceRequest, already compressed as the
 * exporter's {@link #contentEncoding()} says, carrying {@link #spanCount()} spans.
 */
public final class ExportRequest {

  private final byte[] body;
  private final int spanCount;
  private final String contentEncoding;

  public ExportRequest(byte[] body, int spanCount, String contentEncoding) {
    this.body = body;
    this.spanCount = spanCount;
    this.contentEncoding = contentEncoding;
  }

  public byte[] body() {
    return body;
  }

  public int spanCount() {
    return spanCount;
  }

  /** The Content-Encoding header value, such as {@code gzip}, or null for an identity body. */
  public String contentEncoding() {
    return contentEncoding;
  }
}
