package com.langfuse.agent.instrumentation.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.instrumentation.reactor.ReactorSpans;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.adapter.DefaultServerWebExchange;
import org.springframework.web.server.i18n.AcceptHeaderLocaleContextResolver;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Calls {@link WebFluxHandler} as the advice on {@code HttpWebHandlerAdapter} does, with Spring's
 * mock request and response, and subscribes to the {@code Mono} it returns as a server would.
 */
class WebFluxHandlerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final WebFluxHandler handler = new WebFluxHandler();
  private final MockServerHttpRequest request = MockServerHttpRequest.post("/chat/42").build();
  private final MockServerHttpResponse response = new MockServerHttpResponse();
  private final ServerWebExchange exchange =
      new DefaultServerWebExchange(
          request,
          response,
          new DefaultWebSessionManager(),
          ServerCodecConfigurer.create(),
          new AcceptHeaderLocaleContextResolver());

  @AfterEach
  void checkTestThreadClean() {
    assertThat(CurrentSpan.get()).as("span left current on the test thread").isNull();
  }

  @Test
  void completedRequestNamedAfterRoute() {
    WebFluxRequest call = start();
    Mono<Void> pipeline =
        Mono.fromRunnable(
            () -> {
              exchange
                  .getAttributes()
                  .put(
                      WebFluxRequest.BEST_MATCHING_PATTERN,
                      PathPatternParser.defaultInstance.parse("/chat/{id}"));
              response.setStatusCode(HttpStatus.CREATED);
            });

    traced(call, pipeline).block(TIMEOUT);

    assertThat(call.span.isEnded()).isTrue();
    assertThat(call.span.name()).isEqualTo("POST /chat/{id}");
    assertThat(call.span.attribute("http.route")).isEqualTo("/chat/{id}");
    assertThat(call.span.attribute("http.response.status_code")).isEqualTo(201L);
    assertThat(call.span.attribute(LangfuseAttributes.OBSERVATION_LEVEL)).isNull();
  }

  @Test
  void requestWithoutRouteKeepsPath() {
    WebFluxRequest call = start();

    traced(call, Mono.empty()).block(TIMEOUT);

    assertThat(call.span.name()).isEqualTo("POST /chat/42");
    assertThat(call.span.kind()).isEqualTo(SpanData.KIND_SERVER);
  }

  @Test
  void spanCurrentDuringSubscription() {
    WebFluxRequest call = start();
    AtomicReference<SpanData> current = new AtomicReference<>();
    AtomicReference<SpanData> inContext = new AtomicReference<>();
    Mono<Void> pipeline =
        Mono.deferContextual(
            context -> {
              current.set(CurrentSpan.get());
              inContext.set(ReactorSpans.spanOf(context));
              return Mono.empty();
            });

    traced(call, pipeline).block(TIMEOUT);

    assertThat(current.get()).isSameAs(call.span);
    assertThat(inContext.get()).isSameAs(call.span);
  }

  @Test
  void spanNotCurrentAfterHandle() {
    WebFluxRequest call = start();
    assertThat(CurrentSpan.get()).isSameAs(call.span);

    Mono<Void> traced = traced(call, Mono.empty());

    assertThat(CurrentSpan.get()).isNull();
    assertThat(call.span.isEnded()).isFalse();
    traced.block(TIMEOUT);
  }

  @Test
  void failedRequestIsError() {
    WebFluxRequest call = start();
    Mono<Void> traced = traced(call, Mono.error(new IllegalStateException("boom")));

    traced.onErrorResume(error -> Mono.empty()).block(TIMEOUT);

    assertThat(call.span.attribute(LangfuseAttributes.OBSERVATION_LEVEL))
        .isEqualTo(LangfuseAttributes.LEVEL_ERROR);
    assertThat(call.span.attribute("http.response.status_code")).isEqualTo(500L);
    assertThat(call.span.statusMessage()).contains("boom");
  }

  @Test
  void cancelledRequestIsWarning() {
    WebFluxRequest call = start();
    Disposable subscription = traced(call, Mono.never()).subscribe();

    subscription.dispose();

    assertThat(call.span.isEnded()).isTrue();
    assertThat(call.span.attribute(LangfuseAttributes.OBSERVATION_LEVEL))
        .isEqualTo(LangfuseAttributes.LEVEL_WARNING);
    assertThat(call.span.attribute(LangfuseAttributes.OBSERVATION_STATUS_MESSAGE))
        .isEqualTo(WebFluxRequest.DISCONNECTED_MESSAGE);
  }

  @Test
  void exchangeHoldsRequestSpan() {
    WebFluxRequest call = start();

    traced(call, Mono.empty()).block(TIMEOUT);

    assertThat(exchange.getAttributes().get(WebFluxHandler.SPAN_ATTRIBUTE)).isSameAs(call.span);
  }

  @Test
  void handleThatThrowsEndsSpan() {
    WebFluxRequest call = start();
    IllegalStateException thrown = new IllegalStateException("handle failed");

    Object returned = handler.onExit(call, WebFluxHandler.HANDLE, null, thrown);

    assertThat(returned).isNull();
    assertThat(call.span.isEnded()).isTrue();
    assertThat(call.span.attribute(LangfuseAttributes.OBSERVATION_LEVEL))
        .isEqualTo(LangfuseAttributes.LEVEL_ERROR);
  }

  /** Enters {@code handle} and hands over the exchange, as {@code createExchange} does. */
  private WebFluxRequest start() {
    Object adapter = new Object();
    WebFluxRequest call =
        (WebFluxRequest)
            handler.onEnter(WebFluxHandler.HANDLE, adapter, new Object[] {request, response});
    handler.onEnter(WebFluxHandler.EXCHANGE_CREATED, adapter, exchange);
    return call;
  }

  /** Exits {@code handle} with {@code pipeline} as its result and returns the traced result. */
  @SuppressWarnings("unchecked")
  private Mono<Void> traced(WebFluxRequest call, Mono<Void> pipeline) {
    return (Mono<Void>) handler.onExit(call, WebFluxHandler.HANDLE, pipeline, null);
  }
}
