package com.langfuse.agent.testing;

import static com.langfuse.agent.testing.OtlpRequests.gzip;
import static com.langfuse.agent.testing.OtlpRequests.post;
import static com.langfuse.agent.testing.OtlpRequests.request;
import static com.langfuse.agent.testing.OtlpRequests.span;
import static com.langfuse.agent.testing.OtlpRequests.stringAttribute;
import static com.langfuse.agent.testing.OtlpRequests.validHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The checks and decoding of {@link OtlpReceiver}. */
@Timeout(60)
class OtlpReceiverTest {

  private OtlpReceiver receiver;

  @BeforeEach
  void startReceiver() {
    receiver = new OtlpReceiver(OtlpRequests.PUBLIC_KEY, OtlpRequests.SECRET_KEY).start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  @Test
  void validGzipRequestIsAccepted() throws Exception {
    Map<String, String> headers = validHeaders();
    headers.put("Content-Encoding", "gzip");
    ObjectNode span =
        stringAttribute(span("chat gpt-4o-mini"), "langfuse.observation.type", "generation");

    HttpResponse<String> response = post(receiver, gzip(request(span)), headers);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(receiver.spans()).hasSize(1);
    assertThat(receiver.violations()).isEmpty();
    assertThat(receiver.requests().get(0).decodedBodyBytes())
        .isGreaterThan(receiver.requests().get(0).bodyBytes());
  }

  @Test
  void stoppedReceiverRefusesThenRestartsOnSamePort() throws Exception {
    String url = receiver.baseUrl();
    post(receiver, request(span("before")));

    receiver.stop();

    assertThatThrownBy(() -> post(receiver, request(span("while down"))))
        .isInstanceOf(java.net.ConnectException.class);
    receiver.start();
    post(receiver, request(span("after")));
    assertThat(receiver.baseUrl()).isEqualTo(url);
    assertThat(receiver.spans()).extracting(ReceivedSpan::name).containsExactly("before", "after");
  }

  @Test
  void acceptedSpanKeepsIdsAndTimes() throws Exception {
    ObjectNode child = span("child");
    child.put("spanId", "ABCDEF0123456789");
    child.put("parentSpanId", OtlpRequests.ROOT_SPAN_ID);
    child.putObject("status").put("code", 2).put("message", "timed out");

    post(receiver, request(child));

    ReceivedSpan span = receiver.awaitSpans(1, Duration.ofSeconds(5)).get(0);
    assertThat(span.traceId()).isEqualTo(OtlpRequests.TRACE_ID);
    assertThat(span.spanId()).isEqualTo("abcdef0123456789");
    assertThat(span.parentSpanId()).isEqualTo(OtlpRequests.ROOT_SPAN_ID);
    assertThat(span.kind()).isEqualTo("CLIENT");
    assertThat(span.startNanos()).isEqualTo(OtlpRequests.START_NANOS);
    assertThat(span.endNanos()).isEqualTo(OtlpRequests.START_NANOS + 300_000_000L);
    assertThat(span.statusCode()).isEqualTo("ERROR");
    assertThat(span.statusMessage()).isEqualTo("timed out");
    assertThat(span.resourceAttributes()).containsEntry("service.name", "test-service");
    assertThat(span.scopeName()).isEqualTo("langfuse-agent");
  }

  @Test
  void attributeValueTypesAreDecoded() throws Exception {
    String body =
        request(span("typed"))
            .replace(
                "\"attributes\":[]",
                "\"attributes\":["
                    + "{\"key\":\"s\",\"value\":{\"stringValue\":\"text\"}},"
                    + "{\"key\":\"i\",\"value\":{\"intValue\":\"42\"}},"
                    + "{\"key\":\"n\",\"value\":{\"intValue\":7}},"
                    + "{\"key\":\"d\",\"value\":{\"doubleValue\":0.5}},"
                    + "{\"key\":\"b\",\"value\":{\"boolValue\":true}},"
                    + "{\"key\":\"a\",\"value\":{\"arrayValue\":{\"values\":"
                    + "[{\"stringValue\":\"stop\"},{\"intValue\":\"3\"}]}}},"
                    + "{\"key\":\"m\",\"value\":{\"kvlistValue\":{\"values\":"
                    + "[{\"key\":\"k\",\"value\":{\"stringValue\":\"v\"}}]}}},"
                    + "{\"key\":\"u\",\"value\":{\"stringValue\":\"{\\\"input\\\":3}\"}}"
                    + "]");

    post(receiver, body);

    ReceivedSpan span = receiver.awaitSpans(1, Duration.ofSeconds(5)).get(0);
    assertThat(span.attr("s")).isEqualTo("text");
    assertThat(span.attr("i")).isEqualTo(42L);
    assertThat(span.attr("n")).isEqualTo(7L);
    assertThat(span.attr("d")).isEqualTo(0.5);
    assertThat(span.attr("b")).isEqualTo(true);
    assertThat(span.attr("a")).isEqualTo(List.of("stop", 3L));
    assertThat(span.attr("m")).isEqualTo(Map.of("k", "v"));
    assertThat(span.json("u").path("input").asInt()).isEqualTo(3);
  }

  @Test
  void wrongSecretKeyIsUnauthorized() throws Exception {
    Map<String, String> headers = validHeaders();
    headers.put("Authorization", OtlpRequests.basic(OtlpRequests.PUBLIC_KEY, "sk-lf-wrong"));

    HttpResponse<String> response =
        post(receiver, request(span("chat")).getBytes(StandardCharsets.UTF_8), headers);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(Json.parseOrNull(response.body()).path("message").asText())
        .contains("Invalid credentials");
    assertThat(receiver.spans()).isEmpty();
  }

  @Test
  void missingAuthorizationIsUnauthorized() throws Exception {
    Map<String, String> headers = validHeaders();
    headers.remove("Authorization");

    HttpResponse<String> response =
        post(receiver, request(span("chat")).getBytes(StandardCharsets.UTF_8), headers);

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void missingIngestionVersionIsBadRequest() throws Exception {
    Map<String, String> headers = validHeaders();
    headers.remove("x-langfuse-ingestion-version");

    HttpResponse<String> response =
        post(receiver, request(span("chat")).getBytes(StandardCharsets.UTF_8), headers);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("x-langfuse-ingestion-version is missing");
  }

  @Test
  void missingSdkNameIsBadRequest() throws Exception {
    Map<String, String> headers = validHeaders();
    headers.remove("x-langfuse-sdk-name");

    HttpResponse<String> response =
        post(receiver, request(span("chat")).getBytes(StandardCharsets.UTF_8), headers);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("x-langfuse-sdk-name");
  }

  @Test
  void protobufContentTypeIsBadRequest() throws Exception {
    Map<String, String> headers = validHeaders();
    headers.put("Content-Type", "application/x-protobuf");

    HttpResponse<String> response =
        post(receiver, request(span("chat")).getBytes(StandardCharsets.UTF_8), headers);

    assertThat(response.statusCode()).isEqualTo(400);
  }

  @Test
  void badTraceIdIsBadRequest() throws Exception {
    ObjectNode span = span("chat gpt-4o-mini");
    span.put("traceId", "4bf92f3577b34da6");

    HttpResponse<String> response = post(receiver, request(span));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("chat gpt-4o-mini").contains("traceId");
    assertThat(receiver.violations()).hasSize(1);
  }

  @Test
  void allZeroSpanIdIsBadRequest() throws Exception {
    ObjectNode span = span("chat");
    span.put("spanId", "0000000000000000");

    assertThat(post(receiver, request(span)).statusCode()).isEqualTo(400);
  }

  @Test
  void endBeforeStartIsBadRequest() throws Exception {
    ObjectNode span = span("chat");
    span.put("endTimeUnixNano", String.valueOf(OtlpRequests.START_NANOS - 1));

    HttpResponse<String> response = post(receiver, request(span));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("before startTimeUnixNano");
  }

  @Test
  void numericTimesAreAccepted() throws Exception {
    ObjectNode span = span("chat");
    span.put("startTimeUnixNano", OtlpRequests.START_NANOS);
    span.put("endTimeUnixNano", OtlpRequests.START_NANOS);

    assertThat(post(receiver, request(span)).statusCode()).isEqualTo(200);
  }

  @Test
  void badSpanRejectsWholeRequest() throws Exception {
    ObjectNode bad = span("bad");
    bad.put("parentSpanId", "xyz");

    HttpResponse<String> response = post(receiver, request(span("good"), bad));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(receiver.spans()).isEmpty();
  }

  @Test
  void completionStartTimeInMillisAccepted() throws Exception {
    ObjectNode span =
        stringAttribute(
            span("chat"), "langfuse.observation.completion_start_time", "2026-12-04T10:00:00.150Z");

    assertThat(post(receiver, request(span)).statusCode()).isEqualTo(200);
  }

  @Test
  void completionStartTimeEpochMillisRejected() throws Exception {
    ObjectNode span =
        stringAttribute(
            span("chat"), "langfuse.observation.completion_start_time", "1796378400150");

    HttpResponse<String> response = post(receiver, request(span));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(receiver.violations()).singleElement().asString().contains("completion_start_time");
  }

  @Test
  void completionStartTimeWithSpaceRejected() throws Exception {
    ObjectNode span =
        stringAttribute(
            span("chat"), "langfuse.observation.completion_start_time", "2026-12-04 10:00:00.150Z");

    assertThat(post(receiver, request(span)).statusCode()).isEqualTo(400);
  }

  @Test
  void completionStartTimeWithoutMillisRejected() throws Exception {
    ObjectNode span =
        stringAttribute(
            span("chat"), "langfuse.observation.completion_start_time", "2026-12-04T10:00:00Z");

    assertThat(post(receiver, request(span)).statusCode()).isEqualTo(400);
  }

  @Test
  void upperCaseObservationTypeRejected() throws Exception {
    ObjectNode span = stringAttribute(span("chat"), "langfuse.observation.type", "GENERATION");

    assertThat(post(receiver, request(span)).statusCode()).isEqualTo(400);
  }

  @Test
  void fractionalUsageDetailsRejected() throws Exception {
    ObjectNode span =
        stringAttribute(span("chat"), "langfuse.observation.usage_details", "{\"input\":1.5}");

    assertThat(post(receiver, request(span)).statusCode()).isEqualTo(400);
  }

  @Test
  void nestedModelParametersRejected() throws Exception {
    ObjectNode span =
        stringAttribute(
            span("chat"),
            "langfuse.observation.model.parameters",
            "{\"response_format\":{\"type\":\"text\"}}");

    assertThat(post(receiver, request(span)).statusCode()).isEqualTo(400);
  }

  @Test
  void scalarModelParametersAccepted() throws Exception {
    ObjectNode span =
        stringAttribute(
            span("chat"),
            "langfuse.observation.model.parameters",
            "{\"temperature\":0.2,\"max_tokens\":100,\"stream\":true,\"stop\":\"foo\"}");

    assertThat(post(receiver, request(span)).statusCode()).isEqualTo(200);
  }

  @Test
  void lowerCaseLevelRejected() throws Exception {
    ObjectNode span = stringAttribute(span("chat"), "langfuse.observation.level", "error");

    assertThat(post(receiver, request(span)).statusCode()).isEqualTo(400);
  }

  @Test
  void bodyOverFourMebibytesTooLarge() throws Exception {
    byte[] body = new byte[OtlpIngestHandler.MAX_BODY_BYTES + 1];
    Arrays.fill(body, (byte) ' ');

    HttpResponse<String> response = post(receiver, body, validHeaders());

    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void gzipBodyDecodingOverLimitTooLarge() throws Exception {
    Map<String, String> headers = validHeaders();
    headers.put("Content-Encoding", "gzip");
    String padded = " ".repeat(OtlpIngestHandler.MAX_BODY_BYTES) + request(span("chat"));

    HttpResponse<String> response = post(receiver, gzip(padded), headers);

    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void malformedJsonIsBadRequest() throws Exception {
    assertThat(post(receiver, "{\"resourceSpans\":").statusCode()).isEqualTo(400);
  }

  @Test
  void cannedResponsesAnswerInOrder() throws Exception {
    receiver.respondWith(
        ReceiverResponse.status(503, "{\"message\":\"busy\"}").withRetryAfter("2"));

    HttpResponse<String> first = post(receiver, request(span("chat")));
    HttpResponse<String> second = post(receiver, request(span("chat")));

    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(first.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(receiver.spans()).hasSize(1);
  }

  @Test
  void cannedClosedConnectionFailsClient() {
    receiver.respondWith(ReceiverResponse.closeConnection());

    assertThatThrownBy(() -> post(receiver, request(span("chat")))).isInstanceOf(IOException.class);
  }

  @Test
  void cannedHangTimesOutClient() {
    receiver.respondWith(ReceiverResponse.hang());

    assertThatThrownBy(
            () ->
                post(
                    receiver,
                    request(span("chat")).getBytes(StandardCharsets.UTF_8),
                    validHeaders(),
                    Duration.ofMillis(300)))
        .isInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void awaitSpansTimeoutListsRequests() throws Exception {
    Map<String, String> headers = validHeaders();
    headers.remove("x-langfuse-sdk-version");
    post(receiver, request(span("chat")).getBytes(StandardCharsets.UTF_8), headers);

    assertThatThrownBy(() -> receiver.awaitSpans(1, Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("accepted 0")
        .hasMessageContaining("x-langfuse-sdk-version");
  }
}
