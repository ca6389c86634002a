package com.langfuse.agent.bootstrap.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RetryBackoffTest {

  @Test
  void ceilingDoublesFromInitial() {
    RetryBackoff backoff = new RetryBackoff(500, 30_000);

    assertThat(backoff.ceilingMillis(0)).isEqualTo(500);
    assertThat(backoff.ceilingMillis(1)).isEqualTo(1_000);
    assertThat(backoff.ceilingMillis(3)).isEqualTo(4_000);
  }

  @Test
  void ceilingCappedAtMax() {
    RetryBackoff backoff = new RetryBackoff(500, 30_000);

    assertThat(backoff.ceilingMillis(6)).isEqualTo(30_000);
    assertThat(backoff.ceilingMillis(100)).isEqualTo(30_000);
  }

  @Test
  void delayStaysWithinCeiling() {
    RetryBackoff backoff = new RetryBackoff(10, 1_000);

    for (int retry = 0; retry < 10; retry++) {
      for (int sample = 0; sample < 200; sample++) {
        assertThat(backoff.delayMillis(retry)).isBetween(0L, backoff.ceilingMillis(retry));
      }
    }
  }

  @Test
  void invalidRangeRejected() {
    assertThatThrownBy(() -> new RetryBackoff(100, 50))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
