package com.langfuse.agent.it.apps;

import com.openai.client.OpenAIClient;
import com.sun.tools.attach.VirtualMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/**
 * Makes its first chat calls from several threads at once, so the agent reads its helper classes
 * concurrently. Its options, in any order:
 *
 * <ul>
 *   <li>{@code --threads N}: the number of calling threads, 1 by default.
 *   <li>{@code --virtual true}: the callers are virtual threads, which needs Java 21 or later.
 *   <li>{@code --attach JAR}: attaches that agent jar to this JVM first, which needs {@code
 *       -Djdk.attach.allowAttachSelf=true}.
 *   <li>{@code --await FILE}: prints {@code waiting} and waits up to a minute for the file to exist
 *       before the calls, so a test can change the agent jar on disk in between.
 * </ul>
 */
public final class ReadersApp {

  private ReadersApp() {}

  public static void main(String[] args) throws Exception {
    int threads = 1;
    boolean virtual = false;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[i + 1]);
        case "--virtual" -> virtual = Boolean.parseBoolean(args[i + 1]);
        case "--attach" -> attach(args[i + 1]);
        case "--await" -> await(Path.of(args[i + 1]));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }

    OpenAIClient client = OpenAiTestClient.fromEnvironment();
    try {
      Queue<String> answers = new ConcurrentLinkedQueue<>();
      Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> callers = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Runnable call =
            () -> {
              try {
                start.await();
                answers.add(ask(client));
              } catch (Throwable t) {
                failures.add(t);
              }
            };
        Thread caller = virtual ? virtualThread(call) : new Thread(call, "caller-" + i);
        caller.start();
        callers.add(caller);
      }
      start.countDown();
      for (Thread caller : callers) {
        caller.join();
      }
      failures.forEach(Throwable::printStackTrace);
      System.out.println(
          "answers=" + answers.size() + " distinct=" + answers.stream().distinct().count());
      System.out.println("failures=" + failures.size());
    } finally {
      client.close();
    }
  }

  private static String ask(OpenAIClient client) {
    return OpenAiTestClient.ask(client, "Which ocean?");
  }


  /** Returns an unstarted virtual thread, through reflection because this compiles for Java 17. */
  private static Thread virtualThread(Runnable task) throws ReflectiveOperationException {
    Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
    return (Thread)
        Class.forName("java.lang.Thread$Builder")
            .getMethod("unstarted", Runnable.class)
            .invoke(builder, task);
  }

  private static void attach(String agentJar) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(String.valueOf(ProcessHandle.current().pid()));
    try {
      vm.loadAgent(agentJar);
    } finally {
      vm.detach();
    }
  }

  private static void await(Path file) throws InterruptedException {
    System.out.println("waiting");
    System.out.flush();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(file) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }
}
