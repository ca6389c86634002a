package com.langfuse.agent.instrumentation.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.langfuse.agent.bootstrap.bridge.CallDepth;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.Tracer;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the real OpenAI SDK with the advice installed against a {@link RecordedOpenAiServer}, and
 * collects every span that ends.
 */
@Timeout(60)
abstract class OpenAiTracingTestBase {

  static final Duration SPAN_TIMEOUT = Duration.ofSeconds(10);

  static final BlockingQueue<SpanData> SPANS = new LinkedBlockingQueue<>();
  static RecordedOpenAiServer server;
  static OpenAIClient client;

  @BeforeAll
  static void startServerAndClient() throws IOException {
    TestAgent.install();
    Tracer.setSink(SPANS::add);
    server = new RecordedOpenAiServer();
    client = newClient(0);
  }

  @AfterAll
  static void stopServerAndClient() {
    client.close();
    server.close();
  }

  @BeforeEach
  void clearSpansAndReplies() {
    SPANS.clear();
    server.reset();
  }

  @AfterEach
  void checkCallDepthReset() {
    assertThat(CallDepth.current()).as("call depth left on the test thread").isZero();
  }

  static OpenAIClient newClient(int maxRetries) {
    return OpenAIOkHttpClient.builder()
        .baseUrl(server.baseUrl())
        .apiKey("test")
        .maxRetries(maxRetries)
        .build();
  }

  /** Returns the one span ended so far, with its deferred attributes resolved. */
  static SpanData onlySpan() {
    List<SpanData> spans = new ArrayList<>(SPANS);
    assertThat(spans).as("spans ended").hasSize(1);
    SpanData span = spans.get(0);
    span.resolveDeferred();
    return span;
  }

  /** Waits for a span to end on another thread, then returns it as {@link #onlySpan()} does. */
  static SpanData awaitSpan() throws InterruptedException {
    SpanData span = SPANS.poll(SPAN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(span).as("span ended within " + SPAN_TIMEOUT).isNotNull();
    SPANS.add(span);
    return onlySpan();
  }

  static String text(SpanData span, String key) {
    return (String) span.attribute(key);
  }

  static JsonNode json(SpanData span, String key) {
    String value = text(span, key);
    assertThat(value).as("attribute " + key).isNotNull();
    return Recordings.json(value);
  }

  static JsonNode json(String text) {
    return Recordings.json(text);
  }
}
