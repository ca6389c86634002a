package com.langfuse.agent.internal.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.bootstrap.export.ExportRequest;
import com.langfuse.agent.bootstrap.export.SendResult;
import com.langfuse.agent.bootstrap.export.SendResult.Outcome;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class OtlpHttpExporterCloseTest {

  private static final long WAIT_SECONDS = 10;

  @Test
  void closeClosesPooledConnection() throws Exception {
    try (RawHttpServer server = new RawHttpServer(false)) {
      OtlpHttpExporter exporter = new OtlpHttpExporter(OtlpJson.config(server.baseUrl()));
      SendResult result = exporter.send(request());
      assertThat(result.outcome()).isEqualTo(Outcome.SUCCESS);
      // The connection stays in the pool after the request; otherwise this test proves nothing.
      assertThat(server.clientClosed().getCount()).isEqualTo(1);

      exporter.close();

      assertThat(server.clientClosed().await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void closeCancelsCallInProgress()
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    try (RawHttpServer server = new RawHttpServer(true)) {
      OtlpHttpExporter exporter =
          new OtlpHttpExporter(OtlpJson.config(server.baseUrl(), "LANGFUSE_TIMEOUT", "60"));
      CompletableFuture<SendResult> pending =
          CompletableFuture.supplyAsync(() -> exporter.send(request()));
      assertThat(server.requestReceived().await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

      exporter.close();

      SendResult result = pending.get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE);
      assertThat(server.clientClosed().await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void closeTwiceIsSafe() throws IOException, InterruptedException {
    try (RawHttpServer server = new RawHttpServer(false)) {
      OtlpHttpExporter exporter = new OtlpHttpExporter(OtlpJson.config(server.baseUrl()));
      exporter.send(request());

      exporter.close();
      exporter.close();

      assertThat(server.clientClosed().await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void closeBeforeFirstSendIsSafe() {
    OtlpHttpExporter exporter = new OtlpHttpExporter(OtlpJson.config("http://127.0.0.1:1"));

    exporter.close();

    assertThat(exporter.send(request()).outcome()).isEqualTo(Outcome.RETRYABLE);
  }

  private static ExportRequest request() {
    return OtlpJson.oneSpanRequest();
  }
}
