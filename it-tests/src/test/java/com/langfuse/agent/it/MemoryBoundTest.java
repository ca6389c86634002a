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
 * piling up. The heap in use after full collections is compared with the same app run without
 * the agent.
 *
 * <p>The app makes {@code -Dfaults.memoryCalls} calls (default 600, so 60 MB of prompts against
 * a 16 MiB bound); raise it for a longer run.
 */
class MemoryBoundTest {

  private static final int CALLS = Integer.getInteger("faults.memoryCalls", 600);
  private static final long QUEUE_BYTES = 16L * 1024 * 1024;
  private static final String[] LOAD = {
    "threads=4", "calls=" + CALLS, "promptBytes=100000", "uniquePrompts=true", "reportHeap=true"
  };

  @Test
  void heapStaysWithinQueueBoundWhileLangfuseIsDown() throws Exception {
    try (FakeLlmProvider provider = new FakeLlmProvider().start();
        OtlpReceiver receiver = new OtlpReceiver("pk-lf-memory", "sk-lf-memory").start()) {
      receiver.stop();
      ChildJvm.Result withAgent =
          new ChildJvm()
              .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
              .env("LANGFUSE_PUBLIC_KEY", "pk-lf-memory")
              .env("LANGFUSE_SECRET_KEY", "sk-lf-memory")
              .env("LANGFUSE_BASE_URL", receiver.baseUrl())
              .env("LANGFUSE_FLUSH_INTERVAL", "0.2")
              .env("LANGFUSE_AGENT_MAX_QUEUE_SIZE", "100000")
              .env("LANGFUSE_AGENT_MAX_QUEUE_BYTES", String.valueOf(QUEUE_BYTES))
              .env("LANGFUSE_AGENT_MAX_RETRIES", "1000")
              .env("LANGFUSE_AGENT_MAX_RETRY_TIME", "600")
              .env("LANGFUSE_AGENT_SHUTDOWN_TIMEOUT", "1")
              .jvmArgument("-Xmx512m")
              .run(LoadApp.class, LOAD);
      ChildJvm.Result withoutAgent =
          new ChildJvm()
              .withoutAgent()
              .env("OPENAI_BASE_URL", provider.openAiBaseUrl())
              .jvmArgument("-Xmx512m")
              .run(LoadApp.class, LOAD);

      assertThat(withAgent.exitCode()).as(withAgent.toString()).isZero();
      assertThat(withoutAgent.exitCode()).as(withoutAgent.toString()).isZero();
      long calls = count(withAgent.stdout(), "calls");
      long extraKb = count(withAgent.stdout(), "heapAfterGcKb") - count(withoutAgent.stdout(), "heapAfterGcKb");
      // The bound counts estimated bytes, including the batch held while retrying; allow as much
      // again for the estimate's error and the agent's own caches and buffers (about 5 MiB here).
      assertThat(extraKb * 1024).as(withAgent.toString()).isLessThan(2 * QUEUE_BYTES);
      assertThat(count(withAgent.stderr(), "queue_bytes_full")).as(withAgent.stderr()).isPositive();
      assertThat(count(withAgent.stderr(), "exported") + count(withAgent.stderr(), "dropped"))
          .isEqualTo(calls);
      System.out.println(
          "memory bound: "
              + calls
              + " calls of 100 KB prompts with Langfuse down; heap after GC "
              + extraKb
              + " KiB above the run without agent; queue bound "
              + QUEUE_BYTES / 1024
              + " KiB");
    }
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
