package com.langfuse.agent.bootstrap.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Call depth and timeout rules of {@link LambdaInvocation}. The flush itself is tested end to end
 * in it-tests, with the packaged agent and a simulated Lambda invocation loop.
 */
class LambdaInvocationTest {

  @Test
  void nestedCallsTrackDepth() {
    Object outer = LambdaInvocation.enter();
    Object inner = LambdaInvocation.enter();
    assertThat(LambdaInvocation.depth()).isEqualTo(2);
    assertThat(inner).isNotSameAs(outer);

    LambdaInvocation.exit(inner, null);
    assertThat(LambdaInvocation.depth()).isEqualTo(1);
    LambdaInvocation.exit(outer, null);
    assertThat(LambdaInvocation.depth()).isZero();
  }

  @Test
  void exitWithoutStateChangesNothing() {
    Object outer = LambdaInvocation.enter();
    LambdaInvocation.exit(null, null);
    assertThat(LambdaInvocation.depth()).isEqualTo(1);
    LambdaInvocation.exit(outer, null);
    assertThat(LambdaInvocation.depth()).isZero();
  }

  @Test
  void secondOutermostCallAfterFirstEnds() {
    Object first = LambdaInvocation.enter();
    LambdaInvocation.exit(first, null);
    Object second = LambdaInvocation.enter();
    assertThat(second).isSameAs(first);
    LambdaInvocation.exit(second, null);
  }

  @Test
  void timeoutCappedAtHalfRemaining() {
    assertThat(LambdaInvocation.flushTimeoutMillis(2_000, 10_000)).isEqualTo(2_000);
    assertThat(LambdaInvocation.flushTimeoutMillis(2_000, 1_000)).isEqualTo(500);
    assertThat(LambdaInvocation.flushTimeoutMillis(2_000, 0)).isZero();
  }

  @Test
  void timeoutUncappedWhenRemainingUnknown() {
    assertThat(LambdaInvocation.flushTimeoutMillis(2_000, -1)).isEqualTo(2_000);
  }

  @Test
  void remainingTimeUnknownWithoutContext() {
    assertThat(LambdaInvocation.remainingTimeMillis(null)).isEqualTo(-1);
    assertThat(LambdaInvocation.remainingTimeMillis("not a Lambda context")).isEqualTo(-1);
  }
}
