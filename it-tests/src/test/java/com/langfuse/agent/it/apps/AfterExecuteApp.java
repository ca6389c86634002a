package com.langfuse.agent.it.apps;

import example.startup.FailureLoggingPool;

/**
 * Uses the two ThreadPoolExecutor patterns that treat a queued task as a {@code Future}: reading a
 * submitted task's failure in {@code afterExecute}, and cancelling the tasks that {@code
 * shutdownNow} returns.
 */
public final class AfterExecuteApp {

  private AfterExecuteApp() {}

  public static void main(String[] args) throws Exception {
    FailureLoggingPool pool = new FailureLoggingPool();
    try {
      System.out.println("afterExecute saw: " + pool.submitFailing());
    } finally {
      pool.shutdown();
    }
    System.out.println("shutdownNow: " + new FailureLoggingPool().cancelUnstarted());
  }
}
