package com.langfuse.agent.it.apps;

import com.openai.client.OpenAIClient;
import example.startup.ExecutorScenarios;
import java.util.concurrent.TimeUnit;

/**
 * Hands LLM calls to executors before, inside and after a traced method, and prints what each
 * call returned, so that a run with the agent can be compared with one without.
 */
public final class ExecutorStartupApp {

  private ExecutorStartupApp() {}

  public static void main(String[] args) throws Exception {
    OpenAIClient client = OpenAiTestClient.fromEnvironment();
    ExecutorScenarios scenarios = new ExecutorScenarios(client);
    ExecutorScenarios.CountingPool pool = new ExecutorScenarios.CountingPool(1);
    try {
      // Before any span exists, on the thread that the traced tasks reuse later.
      System.out.println(
          "before: " + pool.submit(() -> scenarios.ask("before")).get(60, TimeUnit.SECONDS));
      for (String line : scenarios.runAll(pool)) {
        System.out.println(line);
      }
      // After the traced method: the pool thread must not keep its span.
      System.out.println(
          "after: " + pool.submit(() -> scenarios.ask("after")).get(60, TimeUnit.SECONDS));
    } finally {
      pool.shutdown();
      client.close();
    }
    System.out.println("executor app done");
  }
}
