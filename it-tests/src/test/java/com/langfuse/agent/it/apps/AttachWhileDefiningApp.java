package com.langfuse.agent.it.apps;

import com.openai.client.OpenAIClient;
import com.sun.tools.attach.VirtualMachine;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/**
 * Defines {@code example.defined.Asker} over and over from {@link #THREADS} threads, each time in a
 * new class loader, while the main thread attaches the agent in {@code args[0]} ({@link LateAgent})
 * to this JVM. Then each defined class makes one chat call whose message names the class. Needs
 * {@code -Djdk.attach.allowAttachSelf=true}.
 */
public final class AttachWhileDefiningApp {

  public static final int THREADS = 4;
  private static final int HALF_PER_THREAD = 10;
  private static final int MAX_PER_THREAD = 150;
  private static final int AFTER_ATTACH = 5;

  private AttachWhileDefiningApp() {}

  public static void main(String[] args) throws Exception {
    byte[] classFile;
    try (InputStream in =
        AttachWhileDefiningApp.class
            .getClassLoader()
            .getResourceAsStream("example/defined/Asker.class")) {
      classFile = in.readAllBytes();
    }
    Queue<Class<?>> askers = new ConcurrentLinkedQueue<>();
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    CountDownLatch halfDefined = new CountDownLatch(THREADS);
    CountDownLatch attached = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  int defined = 0;
                  int afterAttach = 0;
                  // Definitions go on until the agent has attached, and a few after that.
                  while (defined < MAX_PER_THREAD && afterAttach < AFTER_ATTACH) {
                    askers.add(
                        new DefinedClassesApp.DefiningLoader()
                            .define("example.defined.Asker", classFile, "array"));
                    defined++;
                    if (defined == HALF_PER_THREAD) {
                      halfDefined.countDown();
                    }
                    if (attached.getCount() == 0) {
                      afterAttach++;
                    }
                  }
                } catch (Throwable t) {
                  failures.add(t);
                }
              },
              "definer-" + i);
      thread.start();
      threads.add(thread);
    }

    halfDefined.await();
    VirtualMachine self = VirtualMachine.attach(String.valueOf(ProcessHandle.current().pid()));
    try {
      self.loadAgent(args[0]);
    } finally {
      self.detach();
      attached.countDown();
    }
    for (Thread thread : threads) {
      thread.join();
    }

    OpenAIClient client = OpenAiTestClient.fromEnvironment();
    try {
      int index = 0;
      for (Class<?> asker : askers) {
        Object instance = asker.getConstructor().newInstance();
        asker
            .getMethod("ask", OpenAIClient.class, String.class)
            .invoke(instance, client, "asker " + index++);
      }
    } finally {
      client.close();
    }
    for (Throwable failure : failures) {
      failure.printStackTrace();
    }
    System.out.println("askers=" + askers.size() + " failures=" + failures.size());
  }
}
