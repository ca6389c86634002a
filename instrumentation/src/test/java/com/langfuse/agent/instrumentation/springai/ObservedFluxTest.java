package com.langfuse.agent.instrumentation.springai;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class ObservedFluxTest {

  @Test
  void completedStreamEndsSpanOnce() {
    RecordingObserver observer = new RecordingObserver();

    List<Object> items =
        ObservedFlux.observe(Flux.<Object>just("a", "b"), context -> observer)
            .collectList()
            .block();

    assertThat(items).containsExactly("a", "b");
    assertThat(observer.items).containsExactly("a", "b");
    assertThat(observer.span().isEnded()).isTrue();
    assertThat(observer.recorded).isEqualTo(1);
  }

  @Test
  void cancelledStreamEndsWithWarning() {
    RecordingObserver observer = new RecordingObserver();

    ObservedFlux.observe(Flux.<Object>just("a", "b", "c"), context -> observer)
        .take(1)
        .blockLast();

    assertThat(observer.span().isEnded()).isTrue();
    assertThat(observer.span().attribute(LangfuseAttributes.OBSERVATION_LEVEL))
        .isEqualTo(LangfuseAttributes.LEVEL_WARNING);
  }

  @Test
  void failedStreamEndsWithError() {
    RecordingObserver observer = new RecordingObserver();

    Flux<Object> failing =
        Flux.concat(Flux.just("a"), Flux.error(new IllegalStateException("x")));
    ObservedFlux.observe(failing, context -> observer).onErrorReturn("fallback").blockLast();

    assertThat(observer.span().statusCode()).isEqualTo(SpanData.STATUS_ERROR);
  }

  @Test
  void streamSeesObservedSpanInContext() {
    RecordingObserver observer = new RecordingObserver();
    Flux<Object> upstream =
        Flux.deferContextual(
            context -> Flux.just(String.valueOf(ObservedFlux.parentFrom(context) != null)));
    Flux<Object> observing =
        Flux.deferContextual(context -> Flux.just(ObservedFlux.parentFrom(context)));

    Object unobserved = ObservedFlux.observe(upstream, context -> null).blockFirst();
    Object observed = ObservedFlux.observe(observing, context -> observer).blockFirst();

    assertThat(unobserved).isEqualTo("false");
    assertThat(observed).isSameAs(observer.span());
  }

  /** Records the items and how often the span was recorded. */
  private static final class RecordingObserver extends StreamObserver<Object> {
    final List<Object> items = new ArrayList<>();
    int recorded;

    RecordingObserver() {
      super(SpanData.forTest("t", "s", null, "chat", 0), null);
    }

    @Override
    boolean accumulate(Object item) {
      items.add(item);
      return true;
    }

    @Override
    void recordTo(SpanData span, long firstContentEpochNanos) {
      recorded++;
    }
  }
}
