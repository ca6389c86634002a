package com.langfuse.agent.bootstrap.trace;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Measures the cost of one span id from {@link IdGenerator}, with the handle kept open and in
 * the checkpoint window (the JDK's SecureRandom), next to ThreadLocalRandom for scale. A plain
 * measured loop, not a test: it asserts nothing.
 *
 * <p>Run: {@code ./mvnw -q -pl bootstrap test-compile} then {@code java -cp
 * bootstrap/target/classes:bootstrap/target/test-classes
 * com.langfuse.agent.bootstrap.trace.IdGeneratorCost}.
 */
public final class IdGeneratorCost {

  private static final int WARMUP = 200_000;
  private static final int MEASURED = 2_000_000;
  private static final int ROUNDS = 5;

  private IdGeneratorCost() {}

  public static void main(String[] args) {
    long sink = 0;
    for (int round = 0; round < ROUNDS; round++) {
      sink += measure("IdGenerator.newSpanId, handle kept open", IdGeneratorCost::spanId);
      IdGenerator.close();
      sink += measure("IdGenerator.newSpanId, checkpoint window", IdGeneratorCost::spanId);
      IdGenerator.restore();
      sink += measure("ThreadLocalRandom.nextLong, for scale", IdGeneratorCost::threadLocal);
    }
    System.out.println("(ignore: " + sink + ")");
  }

  private static long measure(String label, java.util.function.IntToLongFunction work) {
    long sink = 0;
    for (int i = 0; i < WARMUP; i++) {
      sink += work.applyAsLong(i);
    }
    int count = MEASURED;
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      sink += work.applyAsLong(i);
    }
    long elapsed = System.nanoTime() - start;
    System.out.printf("%-45s %8.1f ns per id (%d ids)%n", label, (double) elapsed / count, count);
    return sink;
  }

  private static long spanId(int i) {
    return IdGenerator.newSpanId().charAt(i & 15);
  }

  private static long threadLocal(int i) {
    return Long.toHexString(ThreadLocalRandom.current().nextLong()).length();
  }
}
