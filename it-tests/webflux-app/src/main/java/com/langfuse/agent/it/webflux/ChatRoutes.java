package com.langfuse.agent.it.webflux;

import com.openai.client.OpenAIClient;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The annotated routes that the test calls, one for each way a handler reaches the LLM. */
@RestController
class ChatRoutes {

  /** Counted down when the LLM call of {@code /hang} returned. */
  static final CountDownLatch HANG_CALL_DONE = new CountDownLatch(1);

  /** Counted down when the client of {@code /stream} closed its connection. */
  static final CountDownLatch STREAM_CLIENT_GONE = new CountDownLatch(1);

  private final OpenAIClient client;
  private final WebClient webClient;

  ChatRoutes(OpenAIClient client, WebClient webClient) {
    this.client = client;
    this.webClient = webClient;
  }

  /** Returns the status of {@code GET /models} at the LLM provider, read on a Netty event loop. */
  static Mono<Integer> statusOfModels(WebClient webClient) {
    return webClient
        .get()
        .uri("/models")
        .exchangeToMono(
            response -> response.releaseBody().thenReturn(response.statusCode().value()));
  }

  /** One LLM call in the handler method, on the event loop that received the request. */
  @PostMapping("/chat/{id}")
  Mono<String> chat(@PathVariable("id") String id) {
    return Mono.just(id + ": " + WebFluxChatApp.ask(client));
  }

  /** One LLM call in {@code Mono.fromCallable}, subscribed on a bounded-elastic thread. */
  @PostMapping("/elastic/{id}")
  Mono<String> elastic(@PathVariable("id") String id) {
    return Mono.fromCallable(() -> WebFluxChatApp.ask(client))
        .subscribeOn(Schedulers.boundedElastic())
        .map(answer -> id + ": " + answer);
  }

  /** Two LLM calls at once through {@code Flux.merge}, on a bounded-elastic and a parallel one. */
  @PostMapping("/merge/{id}")
  Mono<String> merge(@PathVariable("id") String id) {
    Mono<String> first =
        Mono.fromCallable(() -> WebFluxChatApp.ask(client))
            .subscribeOn(Schedulers.boundedElastic());
    Mono<String> second =
        Mono.fromCallable(() -> WebFluxChatApp.ask(client)).subscribeOn(Schedulers.parallel());
    return Flux.merge(first, second)
        .collectList()
        .map(answers -> id + ": " + String.join(" / ", answers.stream().sorted().toList()));
  }

  /** One LLM call in a {@code map} after {@code publishOn} moved the signal to another thread. */
  @PostMapping("/publish/{id}")
  Mono<String> publish(@PathVariable("id") String id) {
    return Mono.just(id)
        .publishOn(Schedulers.parallel())
        .map(value -> value + ": " + WebFluxChatApp.ask(client));
  }

  /** One LLM call in a {@code flatMap} over a WebClient call, on the client's event loop. */
  @PostMapping("/webclient/{id}")
  Mono<String> viaWebClient(@PathVariable("id") String id) {
    return statusOfModels(webClient)
        .flatMap(
            status ->
                Mono.fromCallable(() -> id + ": " + status + " " + WebFluxChatApp.ask(client)));
  }

  /** One LLM call, then a failure that Spring turns into a 500 response. */
  @GetMapping("/fail")
  Mono<String> fail() {
    return Mono.fromCallable(() -> WebFluxChatApp.ask(client))
        .subscribeOn(Schedulers.boundedElastic())
        .map(
            answer -> {
              throw new IllegalStateException("failing on purpose after the LLM call");
            });
  }

  /**
   * One LLM call, then a response that never comes. The test's client disconnects once {@link
   * #HANG_CALL_DONE} shows that the call returned.
   */
  @GetMapping("/hang/{id}")
  Mono<String> hang(@PathVariable("id") String id) {
    return Mono.fromCallable(() -> WebFluxChatApp.ask(client))
        .subscribeOn(Schedulers.boundedElastic())
        .doOnNext(answer -> HANG_CALL_DONE.countDown())
        .then(Mono.never());
  }

  /**
   * A server-sent event stream: one event with an LLM answer, then a second one once {@link
   * #STREAM_CLIENT_GONE} shows that the client, which reads only the first, disconnected. Writing
   * the second event then fails on the closed connection.
   */
  @GetMapping(value = "/stream/{id}", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  Flux<String> stream(@PathVariable("id") String id) {
    Mono<String> answer =
        Mono.fromCallable(() -> id + ": " + WebFluxChatApp.ask(client))
            .subscribeOn(Schedulers.boundedElastic());
    Mono<String> late =
        Mono.fromCallable(() -> STREAM_CLIENT_GONE.await(60, TimeUnit.SECONDS))
            .subscribeOn(Schedulers.boundedElastic())
            .map(gone -> id + ": late");
    return Flux.concat(answer, late);
  }

  /** No LLM call; runs on a bounded-elastic thread like the traced routes. */
  @GetMapping("/ping")
  Mono<String> ping() {
    return Mono.fromCallable(() -> "pong").subscribeOn(Schedulers.boundedElastic());
  }
}
