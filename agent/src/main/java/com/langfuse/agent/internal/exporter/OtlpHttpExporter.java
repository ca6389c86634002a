package com.langfuse.agent.internal.exporter;

import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.AgentVersion;
import com.langfuse.agent.bootstrap.config.AgentConfig;
import com.langfuse.agent.bootstrap.export.AgentStats;
import com.langfuse.agent.bootstrap.export.ExportRequest;
import com.langfuse.agent.bootstrap.export.SendResult;
import com.langfuse.agent.bootstrap.export.SpanExporter;
import com.langfuse.agent.bootstrap.privacy.ContentSanitizer;
import com.langfuse.agent.bootstrap.trace.SpanData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends spans to Langfuse's OTLP/HTTP traces endpoint as gzip-compressed OTLP/JSON.
 *
 * <p>Created by the TaskManager when export starts and driven from its consumer thread: {@link
 * #encode} and {@link #send} are not called concurrently, while {@link #close()} may come from any
 * thread. The JSON writer and the HTTP client are built on first use, so constructing an exporter
 * loads neither.
 */
public final class OtlpHttpExporter implements SpanExporter {

  private static final String JSON_MEDIA_TYPE = "application/json";

  private final AgentConfig config;
  private final String authorization;
  private final ResponseClassifier classifier;
  private final Object lock = new Object();

  /** Built on the first encode and used only by the consumer thread. */
  private SpanBatchEncoder encoder;

  // Guarded by lock. The client is built on the first send.
  private ExporterHttpClient client;
  private boolean closed;

  /** Creates an exporter for the endpoint, keys and limits of {@code config}. */
  public OtlpHttpExporter(AgentConfig config) {
    this.config = config;
    String credentials = config.publicKey() + ":" + config.secretKey();
    this.authorization =
        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    this.classifier = new ResponseClassifier(authorization, config.secretKey(), config.publicKey());
  }

  @Override
  public List<ExportRequest> encode(List<SpanData> spans, AgentStats stats) {
    if (spans.isEmpty()) {
      return List.of();
    }
    return encoder().encode(spans, stats);
  }

  /**
   * Posts {@code request} once and classifies the response. Exceptions become results: a network
   * error or a timeout is retryable with status 0, and so is a call after {@link #close()}.
   */
  @Override
  public SendResult send(ExportRequest request) {
    ExporterHttpClient http;
    synchronized (lock) {
      if (closed) {
        return SendResult.retryable(
            0, RetryAfter.ABSENT, "the exporter is closed; a new one is created on restart");
      }
      try {
        http = client();
      } catch (RuntimeException e) {
        // Only an endpoint or header value that the client rejects gets here.
        return classifier.failure(e);
      }
    }

    SendResult result;
    try {
      HttpResponse response =
          http.post(request.body(), JSON_MEDIA_TYPE, request.contentEncoding());
      result = classifier.classify(response);
    } catch (IOException | RuntimeException e) {
      result = classifier.failure(e);
    }

    if (AgentLog.isDebugEnabled()) {
      AgentLog.debug(
          "POST "
              + config.tracesEndpoint()
              + " with "
              + request.spanCount()
              + " spans in "
              + request.body().length
              + " compressed bytes: "
              + result);
    }
    return result;
  }

  /**
   * Ends the request in progress and closes the pooled connection, so that no socket stays open (a
   * CRaC checkpoint fails on any open socket). Safe to call more than once.
   */
  @Override
  public void close() {
    ExporterHttpClient http;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      http = client;
    }
    if (http != null) {
      http.close();
    }
  }

  private SpanBatchEncoder encoder() {
    if (encoder == null) {
      OtlpJsonWriter writer =
          new OtlpJsonWriter(
              new ContentSanitizer(config.maskPatterns(), config.maxFieldBytes()), config.tags());
      encoder =
          new SpanBatchEncoder(
              writer::writeSpan, writer.envelopePrefix(config), config.maxRequestBytes());
    }
    return encoder;
  }

  /** Returns the client, building it on first use. Needs {@link #lock}. */
  private ExporterHttpClient client() {
    if (client == null) {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Authorization", authorization);
      headers.put("x-langfuse-ingestion-version", "4");
      headers.put("x-langfuse-sdk-name", AgentVersion.SDK_NAME);
      headers.put("x-langfuse-sdk-version", AgentVersion.get());
      headers.put("User-Agent", "langfuse-agent/" + AgentVersion.get());
      client = new ExporterHttpClient(config.tracesEndpoint(), headers, config.timeoutMillis());
    }
    return client;
  }
}
