package com.langfuse.agent.bootstrap.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TraceSamplerTest {

  /** 2^55: the low 56 bits of this id sit exactly on the threshold of rate 0.5. */
  private static final String MIDPOINT_ID = "0123456789abcdef0080000000000000";

  private static final String BELOW_MIDPOINT_ID = "0123456789abcdef007fffffffffffff";

  @Test
  void rateOneSamplesEveryTrace() {
    TraceSampler sampler = new TraceSampler(1.0);

    for (String id : traceIds(200, 1)) {
      assertThat(sampler.isSampled(id)).as(id).isTrue();
    }
    assertThat(sampler.isSampled("ffffffffffffffffffffffffffffffff")).isTrue();
    assertThat(sampler.isSampled("00000000000000000000000000000001")).isTrue();
  }

  @Test
  void rateZeroSamplesNoTrace() {
    TraceSampler sampler = new TraceSampler(0.0);

    for (String id : traceIds(200, 2)) {
      assertThat(sampler.isSampled(id)).as(id).isFalse();
    }
    assertThat(sampler.isSampled("ffffffffffffffffffffffffffffffff")).isFalse();
  }

  @Test
  void decisionUsesLow56Bits() {
    TraceSampler half = new TraceSampler(0.5);

    assertThat(half.isSampled(MIDPOINT_ID)).isTrue();
    assertThat(half.isSampled(BELOW_MIDPOINT_ID)).isFalse();
    // The high 72 bits do not take part in the decision.
    assertThat(half.isSampled("ffffffffffffffffff80000000000000")).isTrue();
    assertThat(half.isSampled("ffffffffffffffffff7fffffffffffff")).isFalse();
  }

  @Test
  void sameIdSameDecisionAcrossSamplers() {
    for (String id : traceIds(500, 3)) {
      assertThat(new TraceSampler(0.37).isSampled(id))
          .as(id)
          .isEqualTo(new TraceSampler(0.37).isSampled(id));
    }
  }

  @Test
  void sampledAtLowerRateSampledAtHigher() {
    TraceSampler low = new TraceSampler(0.2);
    TraceSampler high = new TraceSampler(0.6);

    for (String id : traceIds(1_000, 4)) {
      if (low.isSampled(id)) {
        assertThat(high.isSampled(id)).as(id).isTrue();
      }
    }
  }

  /**
   * 1,000 ids at rate 0.5: the count sampled is binomial with mean 500 and standard deviation
   * sqrt(1000 * 0.5 * 0.5), about 15.8. The tolerance of 80 is about 5 standard deviations, so a
   * correct sampler fails it with a chance below one in a million, while a sampler that is off by
   * 10 percentage points misses it by far. The ids come from a fixed seed, so the run repeats.
   */
  @Test
  void halfRateSamplesAboutHalf() {
    TraceSampler sampler = new TraceSampler(0.5);

    int sampled = 0;
    for (String id : traceIds(1_000, 5)) {
      if (sampler.isSampled(id)) {
        sampled++;
      }
    }

    assertThat(sampled).isBetween(420, 580);
  }

  @Test
  void malformedIdIsSampled() {
    TraceSampler sampler = new TraceSampler(0.0);

    assertThat(sampler.isSampled("not-a-trace-id")).isTrue();
    assertThat(sampler.isSampled("0123456789abcdef0123456789abcdeg")).isTrue();
    assertThat(sampler.isSampled(null)).isTrue();
  }

  @Test
  void rateIsClamped() {
    assertThat(new TraceSampler(-1).rate()).isEqualTo(0.0);
    assertThat(new TraceSampler(7).rate()).isEqualTo(1.0);
    assertThat(new TraceSampler(Double.NaN).rate()).isEqualTo(1.0);
  }

  private static List<String> traceIds(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(IdGenerator.hex(random.nextLong()) + IdGenerator.hex(random.nextLong()));
    }
    return ids;
  }
}
