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
import java.util.List;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Sends spans to Langfuse's OTLP/HTTP traces endpoint as gzip-compressed OTLP/JSON.
 *
 * <p>Created by the TaskManager when export starts and driven from its consumer thread: {@link
 * #encode} and {@link #send} are not called concurrently, while {@link #close()} may come from any
 * thread. The JSON writer and the HTTP client are built on first use, so constructing an exporter
 * loads neither Jackson nor OkHttp.
 */
public final class OtlpHttpExporter implements SpanExporter {

  private static final String JSON_MEDIA_TYPE = "application/json";

  private final AgentConfig config;
  private final String authorization;
  private final ResponseClassifier classifier;
  private final Object lock = new Object();

  /** Built on the first encode and used only by the consumer thread. */
  private SpanBatchEncoder encoder;

  // Guarded by lock. The client, headers and media type are built on the first send.
  private OkHttpClient client;
  private Headers headers;
  private MediaType jsonMediaType;
  private boolean closed;

  /**
   * The call being sent, which {@link #close()} cancels. The dispatcher's cancelAll() covers a call
   * only once execute() has registered it, and this also covers the moment before.
   */
  private volatile Call inFlight;

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
    Call call;
    synchronized (lock) {
      if (closed) {
        return SendResult.retryable(
            0, RetryAfter.ABSENT, "the exporter is closed; a new one is created on restart");
      }
      try {
        call = client().newCall(buildRequest(request));
      } catch (RuntimeException e) {
        // Only an endpoint or header value that OkHttp rejects gets here.
        return classifier.failure(e);
      }
      inFlight = call;
    }

    SendResult result;
    try (Response response = call.execute()) {
      result = classifier.classify(response);
    } catch (IOException | RuntimeException e) {
      result = classifier.failure(e);
    } finally {
      inFlight = null;
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
   * Cancels the call in progress, closes every pooled connection and stops the dispatcher's
   * threads, so that no socket stays open (a CRaC checkpoint fails on any open socket). Safe to
   * call more than once.
   */
  @Override
  public void close() {
    OkHttpClient http;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      http = client;
    }

    Call call = inFlight;
    if (call != null) {
      call.cancel();
    }
    if (http != null) {
      ExporterHttpClient.shutdown(http);
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

  /** Returns the client, building it and the fixed headers on first use. Needs {@link #lock}. */
  private OkHttpClient client() {
    if (client == null) {
      headers =
          new Headers.Builder()
              .add("Authorization", authorization)
              .add("x-langfuse-ingestion-version", "4")
              .add("x-langfuse-sdk-name", AgentVersion.SDK_NAME)
              .add("x-langfuse-sdk-version", AgentVersion.get())
              .add("User-Agent", "langfuse-agent/" + AgentVersion.get())
              .build();
      jsonMediaType = MediaType.get(JSON_MEDIA_TYPE);
      client = ExporterHttpClient.build(config.timeoutMillis());
    }
    return client;
  }

  private Request buildRequest(ExportRequest request) {
    RequestBody body = RequestBody.create(request.body(), jsonMediaType);
    Request.Builder builder =
        new Request.Builder().url(config.tracesEndpoint()).headers(headers).post(body);
    if (request.contentEncoding() != null) {
      builder.header("Content-Encoding", request.contentEncoding());
    }
    return builder.build();
  }
}
