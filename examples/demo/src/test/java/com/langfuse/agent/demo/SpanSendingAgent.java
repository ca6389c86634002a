package com.langfuse.agent.demo;

import java.lang.instrument.Instrumentation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * A {@code -javaagent} for launcher tests that sends five valid generation spans to the Langfuse
 * named by the child's {@code LANGFUSE_*} variables before the application starts.
 */
public final class SpanSendingAgent {

  private SpanSendingAgent() {}

  public static void premain(String arguments, Instrumentation instrumentation) throws Exception {
    String credentials =
        System.getenv("LANGFUSE_PUBLIC_KEY") + ":" + System.getenv("LANGFUSE_SECRET_KEY");
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(System.getenv("LANGFUSE_BASE_URL") + "/api/public/otel/v1/traces"))
            .timeout(Duration.ofSeconds(10))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/json")
            .header("x-langfuse-ingestion-version", "4")
            .header("x-langfuse-sdk-name", "span-sending-agent")
            .header("x-langfuse-sdk-version", "1")
            .POST(HttpRequest.BodyPublishers.ofString(body()))
            .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    System.out.println("span-sending-agent: " + response.statusCode() + " " + response.body());
  }

  private static String body() {
    StringBuilder spans = new StringBuilder();
    for (int i = 1; i <= 5; i++) {
      long start = 1_796_378_400_000_000_000L + i * 1_000_000_000L;
      spans
          .append(i == 1 ? "" : ",")
          .append("{\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e473")
          .append(i)
          .append("\",\"spanId\":\"00f067aa0ba902b")
          .append(i)
          .append("\",\"name\":\"call ")
          .append(i)
          .append("\",\"startTimeUnixNano\":\"")
          .append(start)
          .append("\",\"endTimeUnixNano\":\"")
          .append(start + 250_000_000L)
          .append("\",\"attributes\":[{\"key\":\"langfuse.observation.type\",")
          .append("\"value\":{\"stringValue\":\"generation\"}}]}");
    }
    return "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[" + spans + "]}]}]}";
  }
}
