package com.langfuse.agent.instrumentation.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.bootstrap.trace.CurrentSpan;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.TaskContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Runs real Reactor pipelines with the operator hook of {@link ReactorHooks} and the schedule
 * wrapping that the {@code reactor} advice adds to {@code Schedulers.onSchedule}. The advice
 * itself is inlined by Byte Buddy in the agent. Here a schedule hook that makes the same call,
 * {@link TaskContext#wrap}, replaces it, and WebFluxRootsTest covers the advice end to end.
 */
@Timeout(30)
class SpanPropagationTest {

  private static final String SCHEDULE_HOOK = "span-propagation-test";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static Scheduler single;

  private final SpanData span = newSpan("request");

  @BeforeAll
  static void installHooks() {
    ReactorHooks.install();
    Schedulers.onScheduleHook(SCHEDULE_HOOK, TaskContext::wrap);
    single = Schedulers.newSingle("span-propagation-test");
  }

  @AfterAll
  static void removeHooks() {
    single.dispose();
    Schedulers.resetOnScheduleHook(SCHEDULE_HOOK);
    Hooks.resetOnEachOperator(ReactorHooks.HOOK_KEY);
  }

  @AfterEach
  void checkTestThreadClean() {
    assertThat(CurrentSpan.get()).as("span left current on the test thread").isNull();
  }

  @Test
  void publishOnSignalRunsUnderSpan() {
    Mono<Optional<SpanData>> current =
        Mono.just(1).publishOn(Schedulers.parallel()).map(value -> currentSpan());

    assertThat(blockUnder(span, current)).contains(span);
  }

  @Test
  void subscribeOnCallableRunsUnderSpan() {
    Mono<Optional<SpanData>> current =
        Mono.fromCallable(SpanPropagationTest::currentSpan)
            .subscribeOn(Schedulers.boundedElastic());

    assertThat(blockUnder(span, current)).contains(span);
  }

  @Test
  void delayedSignalRunsUnderSpan() {
    Mono<Optional<SpanData>> current =
        Mono.delay(Duration.ofMillis(5)).map(tick -> currentSpan());

    assertThat(blockUnder(span, current)).contains(span);
  }

  @Test
  void futureCompletionRunsUnderSpan() {
    CompletableFuture<String> future = new CompletableFuture<>();
    Mono<Optional<SpanData>> current = Mono.fromFuture(future).map(value -> currentSpan());
    CompletableFuture<Optional<SpanData>> result;
    try (CurrentSpan.Scope ignored = CurrentSpan.makeCurrent(span)) {
      result = current.toFuture();
    }

    new Thread(() -> future.complete("done"), "completing-thread").start();

    assertThat(result.join()).contains(span);
  }

  @Test
  void contextSpanWinsOverThreadSpan() {
    SpanData inContext = newSpan("from context");
    Mono<Optional<SpanData>> current =
        Mono.just(1)
            .publishOn(Schedulers.parallel())
            .map(value -> currentSpan())
            .contextWrite(context -> ReactorSpans.withSpan(context, inContext));

    assertThat(blockUnder(span, current)).contains(inContext);
  }

  @Test
  void fusedOperatorsGiveSameResult() {
    Mono<List<Integer>> result =
        Flux.range(1, 6)
            .doOnNext(value -> {})
            .map(value -> value * 2)
            .filter(value -> value % 3 != 0)
            .publishOn(Schedulers.parallel())
            .concatMap(value -> Flux.just(value, value + 1))
            .collectList();

    assertThat(blockUnder(span, result)).containsExactly(2, 3, 4, 5, 8, 9, 10, 11);
  }

  @Test
  void workerThreadClearedAfterTracedTask() {
    blockUnder(
        span, Mono.fromCallable(SpanPropagationTest::currentSpan).subscribeOn(single));

    Optional<SpanData> later =
        Mono.fromCallable(SpanPropagationTest::currentSpan).subscribeOn(single).block(TIMEOUT);

    assertThat(later).isEmpty();
  }

  @Test
  void untracedSubscriberIsNotWrapped() {
    CoreSubscriber<Object> subscriber = new BaseSubscriber<>() {};

    assertThat(SpanSubscriber.wrap(subscriber)).isSameAs(subscriber);
  }

  @Test
  void tracedSubscriberCarriesSpanInContext() {
    CoreSubscriber<Object> subscriber = new BaseSubscriber<>() {};
    CoreSubscriber<? super Object> wrapped;
    try (CurrentSpan.Scope ignored = CurrentSpan.makeCurrent(span)) {
      wrapped = SpanSubscriber.wrap(subscriber);
    }

    assertThat(wrapped).isNotSameAs(subscriber);
    assertThat(ReactorSpans.spanOf(wrapped.currentContext())).isSameAs(span);
  }

  private static <T> T blockUnder(SpanData span, Mono<T> mono) {
    try (CurrentSpan.Scope ignored = CurrentSpan.makeCurrent(span)) {
      return mono.block(TIMEOUT);
    }
  }

  private static Optional<SpanData> currentSpan() {
    return Optional.ofNullable(CurrentSpan.get());
  }

  private static SpanData newSpan(String name) {
    return SpanData.forTest("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", null, name, 1L);
  }
}
