package com.langfuse.agent.benchmarks;

import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the loopback servers that the start-up benchmark's OpenAI sample app talks to: a fake
 * OpenAI API that replays recorded responses, and a Langfuse OTLP stand-in that accepts the
 * agent's spans. Prints {@code openai=<base url>} and {@code langfuse=<base url>} on stdout, then
 * serves until the process is terminated.
 */
public final class LoopbackServers {

  /** The keys the stand-in accepts; the benchmark script gives the same ones to the agent. */
  public static final String PUBLIC_KEY = "pk-lf-benchmark";

  public static final String SECRET_KEY = "sk-lf-benchmark";

  private LoopbackServers() {}

  public static void main(String[] args) throws InterruptedException {
    FakeLlmProvider openAi = new FakeLlmProvider().start();
    OtlpReceiver langfuse = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  openAi.close();
                  langfuse.close();
                }));

    System.out.println("openai=" + openAi.openAiBaseUrl());
    System.out.println("langfuse=" + langfuse.baseUrl());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
