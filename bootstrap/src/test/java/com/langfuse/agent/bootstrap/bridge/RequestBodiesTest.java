package com.langfuse.agent.bootstrap.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {

  private final List<Object> received = new ArrayList<>();

  @AfterEach
  void endCalls() {
    while (CallDepth.current() > 0) {
      CallDepth.decrement();
    }
  }

  @Test
  void builtReturnsItsArgument() {
    Object body = new Object();

    assertThat(RequestBodies.built(body)).isSameAs(body);
  }

  @Test
  void listenerGetsFirstBodyOnly() {
    Object first = new Object();
    CallDepth.increment();
    RequestBodies.listen(received::add);

    RequestBodies.built(first);
    RequestBodies.built(new Object());

    assertThat(received).containsExactly(first);
  }

  @Test
  void listenOutsideCallIsIgnored() {
    RequestBodies.listen(received::add);
    CallDepth.increment();

    RequestBodies.built(new Object());

    assertThat(received).isEmpty();
  }

  @Test
  void listenerDroppedWhenOutermostCallEnds() {
    CallDepth.increment();
    RequestBodies.listen(received::add);
    CallDepth.decrement();
    CallDepth.increment();

    RequestBodies.built(new Object());

    assertThat(received).isEmpty();
  }

  @Test
  void listenerKeptWhileNestedCallEnds() {
    Object body = new Object();
    CallDepth.increment();
    RequestBodies.listen(received::add);
    CallDepth.increment();
    CallDepth.decrement();

    RequestBodies.built(body);

    assertThat(received).containsExactly(body);
  }

  @Test
  void failingListenerStillReturnsBody() {
    Object body = new Object();
    CallDepth.increment();
    RequestBodies.listen(
        ignored -> {
          throw new IllegalStateException("listener failed");
        });

    assertThat(RequestBodies.built(body)).isSameAs(body);
  }

  @Test
  void nullBodyIsNotHandedOver() {
    CallDepth.increment();
    RequestBodies.listen(received::add);

    assertThat(RequestBodies.built(null)).isNull();
    assertThat(received).isEmpty();
  }
}
