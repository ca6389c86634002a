package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.LoadApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.FakeLlmProvider;
import com.langfuse.agent.testing.OtlpReceiver;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * With Langfuse down under steady load of calls with large prompts, the agent's share of the
 * heap stays within its queue bound: spans beyond the bound are dropped and counted instead of
 * piling up. The heap in use after full collections is compared with the same run while Langfuse
 * is up.
 *
 * <p>The app makes {@code -Dfaults.memoryCalls} calls (default 600, so 60 MB of prompts against
 * a 16 MiB bound); raise it for a longer run.
 */
class MemoryBoundTest {

  private static final int CALLS = Integer.getInteger("faults.memoryCalls", 600);
  private static final long QUEUE_BYTES = 16L * 1024 * 1024;
  private static final String PROMPT_CODE_POINT =
      System.getProperty("faults.memoryPromptCodePoint", "78");
  private static final String[] LOAD = {
    "threads=4",
    "calls=" + CALLS,
    "promptBytes=100000",
    "uniquePrompts=true",
    "reportHeap=true",
    "promptCodePoint=" + PROMPT_CODE_POINT
  };

  @Test
  void heapStaysWithinQueueBoundWhileLangfuseIsDown() throws Exception {
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver = new OtlpReceiver("pk-lf-memory", "sk-lf-memory").start()) {
      ChildJvm.Result up = agent(provider, receiver).run(LoadApp.class, LOAD);
      receiver.stop();
      ChildJvm.Result down = agent(provider, receiver).run(LoadApp.class, LOAD);

      assertThat(up.exitCode()).as(up.toString()).isZero();
      assertThat(down.exitCode()).as(down.toString()).isZero();
      long calls = count(down.stdout(), "calls");
      // Both runs carry the agent, so the difference is what the queue keeps while Langfuse is
      // down. The bound counts estimated bytes; allow half as much again for the estimate's error.
      long extraKb = count(down.stdout(), "heapAfterGcKb") - count(up.stdout(), "heapAfterGcKb");
      assertThat(extraKb * 1024).as(down.toString()).isLessThan(QUEUE_BYTES * 3 / 2);
      assertThat(count(down.stderr(), "queue_bytes_full")).as(down.stderr()).isPositive();
      assertThat(count(down.stderr(), "exported") + count(down.stderr(), "dropped"))
          .isEqualTo(calls);
      System.out.println(
          "memory bound: "
              + calls
              + " calls of 100 KB prompts with Langfuse down; heap after GC "
              + extraKb
              + " KiB above the same run with Langfuse up; queue bound "
              + QUEUE_BYTES / 1024
              + " KiB");
    }
  }

  private static ChildJvm agent(FakeLlmProvider provider, OtlpReceiver receiver) {
    return new ChildJvm()
        .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
        .env("LANGFUSE_PUBLIC_KEY", "pk-lf-memory")
        .env("LANGFUSE_SECRET_KEY", "sk-lf-memory")
        .env("LANGFUSE_BASE_URL", receiver.baseUrl())
        .env("LANGFUSE_FLUSH_INTERVAL", "0.2")
        .env("LANGFUSE_AGENT_MAX_QUEUE_SIZE", "100000")
        .env("LANGFUSE_AGENT_MAX_QUEUE_BYTES", String.valueOf(QUEUE_BYTES))
        .env("LANGFUSE_AGENT_MAX_RETRIES", "100")
        .env("LANGFUSE_AGENT_MAX_RETRY_TIME", "600")
        .env("LANGFUSE_AGENT_SHUTDOWN_TIMEOUT", "1")
        .jvmArgument("-Xmx512m");
  }

  private static long count(String output, String name) {
    Matcher matcher = Pattern.compile("\\b" + name + "=(\\d+)").matcher(output);
    long found = -1;
    while (matcher.find()) {
      found = Long.parseLong(matcher.group(1));
    }
    if (found < 0) {
      return 0;
    }
    return found;
  }
}
