package com.langfuse.agent.it.apps;

import java.lang.instrument.Instrumentation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;

/**
 * A Java agent that runs before the langfuse agent and uses the JDK classes that the langfuse agent
 * instruments, as another agent or a launcher might. So these classes are loaded, and initialized,
 * before the langfuse agent's premain, which must retransform them.
 */
public final class PreloadingAgent {

  private PreloadingAgent() {}

  public static void premain(String arguments, Instrumentation instrumentation) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(1);
    pool.submit(() -> "warm").get();
    pool.shutdown();
    ForkJoinPool.commonPool().submit(() -> "warm").get();
    CompletableFuture.supplyAsync(() -> "warm").get();
    new ProcessBuilder("true");
    System.out.println("preloading agent ran");
  }
}
