package com.langfuse.agent.instrumentation.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.langfuse.agent.bootstrap.bridge.CallDepth;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.Tracer;
import com.langfuse.agent.testing.FakeLlmProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * Runs the real Anthropic SDK with the advice installed against a {@link FakeLlmProvider} that
 * replays recorded responses, and collects every span that ends.
 */
@Timeout(60)
abstract class AnthropicTracingTestBase {

  static final Duration SPAN_TIMEOUT = Duration.ofSeconds(10);
  static final String ISO_MILLIS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

  static final BlockingQueue<SpanData> SPANS = new LinkedBlockingQueue<>();
  static FakeLlmProvider provider;
  static AnthropicClient client;

  @BeforeAll
  static void startProviderAndClient() {
    TestAgent.install();
    Tracer.setSink(SPANS::add);
    provider = new FakeLlmProvider().start();
    client =
        AnthropicOkHttpClient.builder()
            .baseUrl(provider.baseUrl())
            .apiKey("test")
            .maxRetries(0)
            .build();
  }

  @AfterAll
  static void stopProviderAndClient() {
    client.close();
    provider.close();
  }

  @BeforeEach
  void clearSpans() {
    SPANS.clear();
  }

  @AfterEach
  void checkCallDepthReset() {
    assertThat(CallDepth.current()).as("call depth left on the test thread").isZero();
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
    return json(value);
  }

  static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not valid JSON: " + text, e);
    }
  }
}
