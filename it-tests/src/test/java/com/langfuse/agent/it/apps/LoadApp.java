package com.langfuse.agent.it.apps;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes OpenAI chat completion calls against {@code OPENAI_BASE_URL} from several threads and
 * prints how many it made and how long they took, for the fault tests.
 *
 * <p>Arguments are {@code name=value} pairs: {@code calls} (total calls, default 10), {@code
 * threads} (default 1), {@code seconds} (when above 0, each thread calls until this time has
 * passed after a first call, and {@code calls} is ignored), {@code pauseMillis} (a sleep after each call, default 0)
 * and {@code promptBytes} (the size of the user message,
 * default a short question), {@code uniquePrompts} (each call sends its own copy of the text) and
 * {@code reportHeap} (prints {@code heapAfterGcKb=} after the calls), {@code promptCodePoint} (the
 * hex code point the user message repeats, default {@code 78}, an ASCII x). Latencies leave out the first call. The last line of output is {@code calls=N errors=E p50Micros=..
 * p99Micros=.. maxMicros=..}.
 */
public final class LoadApp {

  private LoadApp() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      options.put(arg.substring(0, equals), arg.substring(equals + 1));
    }
    int calls = Integer.parseInt(options.getOrDefault("calls", "10"));
    int threads = Integer.parseInt(options.getOrDefault("threads", "1"));
    double seconds = Double.parseDouble(options.getOrDefault("seconds", "0"));
    int promptBytes = Integer.parseInt(options.getOrDefault("promptBytes", "0"));
    long pauseMillis = Long.parseLong(options.getOrDefault("pauseMillis", "0"));
    boolean uniquePrompts = Boolean.parseBoolean(options.getOrDefault("uniquePrompts", "false"));
    boolean reportHeap = Boolean.parseBoolean(options.getOrDefault("reportHeap", "false"));
    int promptCodePoint = Integer.parseInt(options.getOrDefault("promptCodePoint", "78"), 16);
    AtomicLong sequence = new AtomicLong();

    OpenAIClient client = OpenAiTestClient.fromEnvironment();
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder()
            .model("gpt-4o-mini")
            .addUserMessage(prompt(promptBytes, promptCodePoint))
            .build();

    // The first call loads the SDK's classes; the timed loop starts after it.
    client.chat().completions().create(params);

    AtomicLong remaining = new AtomicLong(calls - 1);
    AtomicLong errors = new AtomicLong();
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<Long>>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      results.add(
          pool.submit(
              () -> {
                List<Long> latencies = new ArrayList<>();
                while (seconds > 0 ? System.nanoTime() < deadline : remaining.getAndDecrement() > 0) {
                  long start = System.nanoTime();
                  try {
                    client
                        .chat()
                        .completions()
                        .create(uniquePrompts ? withOwnPrompt(params, sequence.incrementAndGet()) : params);
                  } catch (RuntimeException e) {
                    errors.incrementAndGet();
                  }
                  latencies.add(System.nanoTime() - start);
                  if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                  }
                }
                return latencies;
              }));
    }
    List<Long> all = new ArrayList<>();
    for (Future<List<Long>> result : results) {
      all.addAll(result.get());
    }
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    client.close();
    if (reportHeap) {
      System.out.println("heapAfterGcKb=" + heapAfterGcKb());
    }

    long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.println(
        "calls="
            + (sorted.length + 1)
            + " errors="
            + errors.get()
            + " p50Micros="
            + percentileMicros(sorted, 0.50)
            + " p99Micros="
            + percentileMicros(sorted, 0.99)
            + " maxMicros="
            + percentileMicros(sorted, 1.0));
  }

  /** Returns params whose user message is a new string, as when every request has its own text. */
  private static ChatCompletionCreateParams withOwnPrompt(
      ChatCompletionCreateParams params, long number) {
    String text = params.messages().get(0).asUser().content().asText();
    return params.toBuilder().messages(List.of()).addUserMessage(number + text.substring(1)).build();
  }

  /** Returns the heap in use after full collections, in KiB. */
  private static long heapAfterGcKb() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
  }

  /** Returns a prompt of {@code chars} UTF-16 chars, repeating {@code codePoint}. */
  private static String prompt(int chars, int codePoint) {
    if (chars <= 0) {
      return "Answer in up to 3 words: Which ocean contains Bouvet Island?";
    }
    String unit = new String(Character.toChars(codePoint));
    return unit.repeat(chars / unit.length());
  }

  private static long percentileMicros(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
    return TimeUnit.NANOSECONDS.toMicros(sorted[Math.max(0, index)]);
  }
}
