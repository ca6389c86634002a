package com.langfuse.agent.internal.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.langfuse.agent.bootstrap.AgentLog;
import com.langfuse.agent.bootstrap.AgentVersion;
import com.langfuse.agent.bootstrap.export.ExportRequest;
import com.langfuse.agent.bootstrap.export.SendResult;
import com.langfuse.agent.bootstrap.export.SendResult.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OtlpHttpExporterSendTest {

  private static final String EXPECTED_AUTHORIZATION =
      "Basic "
          + Base64.getEncoder()
              .encodeToString("pk-lf-test:sk-lf-test".getBytes(StandardCharsets.UTF_8));

  private RecordingHttpServer server;
  private OtlpHttpExporter exporter;

  @BeforeEach
  void startServer() throws IOException {
    server = new RecordingHttpServer();
    exporter = new OtlpHttpExporter(OtlpJson.config(server.baseUrl()));
  }

  @AfterEach
  void stopServer() {
    exporter.close();
    server.close();
    AgentLog.setOutput(System.err);
    AgentLog.setLevel(AgentLog.Level.INFO);
  }

  @Test
  void sendPostsToTracesEndpoint() {
    SendResult result = exporter.send(request());

    assertThat(result.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(server.received()).hasSize(1);
    assertThat(server.received().get(0).method()).isEqualTo("POST");
    assertThat(server.received().get(0).path()).isEqualTo("/api/public/otel/v1/traces");
  }

  @Test
  void sendSetsEveryHeader() {
    exporter.send(request());

    var headers = server.received().get(0).headers();
    assertThat(headers.get("Authorization")).containsExactly(EXPECTED_AUTHORIZATION);
    assertThat(headers.get("Content-Type")).containsExactly("application/json");
    assertThat(headers.get("Content-Encoding")).containsExactly("gzip");
    assertThat(headers.get("x-langfuse-ingestion-version")).containsExactly("4");
    assertThat(headers.get("x-langfuse-sdk-name")).containsExactly(AgentVersion.SDK_NAME);
    assertThat(headers.get("x-langfuse-sdk-version")).containsExactly(AgentVersion.get());
    assertThat(headers.get("User-Agent")).containsExactly("langfuse-agent/" + AgentVersion.get());
  }

  @Test
  void sendBodyDecodesToOtlpJson() {
    exporter.send(request());

    byte[] json = OtlpJson.gunzip(server.received().get(0).body());
    JsonNode span = OtlpJson.spans(OtlpJson.parse(json)).get(0);
    assertThat(span.path("traceId").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(span.path("name").asText()).isEqualTo("chat");
  }

  @ParameterizedTest(name = "HTTP {0} is {1}")
  @CsvSource({
    "200, SUCCESS",
    "202, SUCCESS",
    "400, REJECTED",
    "401, UNAUTHORIZED",
    "403, UNAUTHORIZED",
    "404, REJECTED",
    "408, RETRYABLE",
    "413, REJECTED",
    "422, REJECTED",
    "429, RETRYABLE",
    "500, RETRYABLE",
    "502, RETRYABLE",
    "503, RETRYABLE",
    "301, REJECTED"
  })
  void sendClassifiesStatus(int status, Outcome expected) {
    server.respond(status, Map.of("Location", "https://elsewhere.example/"), "{\"message\":\"x\"}");

    SendResult result = exporter.send(request());

    assertThat(result.outcome()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {301, 400, 401, 403, 408, 413, 429, 500, 502, 503})
  void failureCarriesHttpStatus(int status) {
    server.respond(status, Map.of(), "{\"message\":\"x\"}");

    SendResult result = exporter.send(request());

    assertThat(result.httpStatus()).isEqualTo(status);
  }

  @Test
  void rejectionCarriesServerMessage() {
    server.respond(400, Map.of(), "{\"message\":\"Invalid OTLP payload: spans[0].traceId\"}");

    SendResult result = exporter.send(request());

    assertThat(result.message())
        .isEqualTo("{\"message\":\"Invalid OTLP payload: spans[0].traceId\"}");
  }

  @Test
  void longErrorBodyTruncatedTo500() {
    server.respond(500, Map.of(), "e".repeat(10_000));

    SendResult result = exporter.send(request());

    assertThat(result.message()).hasSize(500);
    assertThat(result.message()).endsWith("...");
  }

  @Test
  void emptyErrorBodyGivesReasonPhrase() {
    server.respond(413, Map.of(), "");

    SendResult result = exporter.send(request());

    assertThat(result.message()).isEqualTo("Request Entity Too Large");
  }

  @Test
  void retryAfterSecondsParsed() {
    server.respond(429, Map.of("Retry-After", "3"), "slow down");

    SendResult result = exporter.send(request());

    assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE);
    assertThat(result.retryAfterMillis()).isEqualTo(3000);
  }

  @Test
  void retryAfterHttpDateParsed() {
    String inTenSeconds =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10));
    server.respond(429, Map.of("Retry-After", inTenSeconds), "slow down");

    SendResult result = exporter.send(request());

    assertThat(result.retryAfterMillis()).isPositive();
    assertThat(result.retryAfterMillis()).isLessThanOrEqualTo(10_000);
  }

  @Test
  void retryAfterAbsentIsMinusOne() {
    server.respond(503, Map.of(), "maintenance");

    SendResult result = exporter.send(request());

    assertThat(result.retryAfterMillis()).isEqualTo(-1);
  }

  @Test
  void connectionRefusedIsRetryable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    OtlpHttpExporter refused =
        new OtlpHttpExporter(OtlpJson.config("http://127.0.0.1:" + closedPort));

    SendResult result = refused.send(request());
    refused.close();

    assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE);
    assertThat(result.httpStatus()).isZero();
    assertThat(result.message()).contains("ConnectException");
  }

  @Test
  void silentServerTimesOutAsRetryable() throws IOException {
    try (RawHttpServer silent = new RawHttpServer(true)) {
      OtlpHttpExporter impatient =
          new OtlpHttpExporter(OtlpJson.config(silent.baseUrl(), "LANGFUSE_TIMEOUT", "0.5"));

      SendResult result = impatient.send(request());
      impatient.close();

      assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE);
      assertThat(result.httpStatus()).isZero();
    }
  }

  @Test
  void sendAfterCloseReturnsRetryable() {
    exporter.close();

    SendResult result = exporter.send(request());

    assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE);
    assertThat(server.received()).isEmpty();
  }

  @Test
  void messageNeverContainsCredentials() {
    server.respond(
        401,
        Map.of(),
        "invalid credentials sk-lf-test for pk-lf-test, header " + EXPECTED_AUTHORIZATION);

    SendResult result = exporter.send(request());

    assertThat(result.outcome()).isEqualTo(Outcome.UNAUTHORIZED);
    assertThat(result.message()).contains("invalid credentials");
    assertThat(result.message()).doesNotContain("sk-lf-test");
    assertThat(result.message()).doesNotContain("pk-lf-test");
    assertThat(result.message()).doesNotContain(EXPECTED_AUTHORIZATION.substring(6));
  }

  @Test
  void logNeverContainsCredentials() throws IOException {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    AgentLog.setOutput(new PrintStream(log, true, StandardCharsets.UTF_8));
    AgentLog.setLevel(AgentLog.Level.DEBUG);

    exporter.send(request());
    server.respond(401, Map.of(), "bad key sk-lf-test " + EXPECTED_AUTHORIZATION);
    exporter.send(request());
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    OtlpHttpExporter refused =
        new OtlpHttpExporter(OtlpJson.config("http://127.0.0.1:" + closedPort));
    refused.send(request());
    refused.close();

    String lines = log.toString(StandardCharsets.UTF_8);
    assertThat(lines).contains("POST");
    assertThat(lines).contains("UNAUTHORIZED");
    assertThat(lines).doesNotContain("sk-lf-test");
    assertThat(lines).doesNotContain(EXPECTED_AUTHORIZATION.substring(6));
  }

  private static ExportRequest request() {
    return OtlpJson.oneSpanRequest();
  }
}
