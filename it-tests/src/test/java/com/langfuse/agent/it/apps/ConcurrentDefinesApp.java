package com.langfuse.agent.it.apps;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.File;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;

/**
 * Defines classes from many threads at once, each in class loaders of its own that are parallel
 * capable, while the main thread loads the OpenAI SDK and makes a call with it.
 *
 * <p>Each of {@link #THREADS} threads opens its own copy of the OpenAI SDK in a {@code
 * URLClassLoader} over {@code args[0]}, defines 100 generated classes in a loader that all threads
 * share, defines {@code example.defined.Asker} against its SDK copy, and makes one call through it
 * that names the thread. The main thread's call names no thread.
 */
public final class ConcurrentDefinesApp {

  public static final int THREADS = 4;
  private static final int GENERATED_PER_THREAD = 100;

  private ConcurrentDefinesApp() {}

  public static void main(String[] args) throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : args[0].split(File.pathSeparator)) {
      urls.add(new File(entry).toURI().toURL());
    }
    byte[] askerClassFile = askerClassFile();
    ParallelLoader shared = new ParallelLoader(ConcurrentDefinesApp.class.getClassLoader());
    CyclicBarrier start = new CyclicBarrier(THREADS + 1);
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      int index = i;
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                  askFromOwnSdk(index, urls.toArray(new URL[0]), shared, askerClassFile);
                } catch (Throwable t) {
                  failures.add(t);
                }
              },
              "definer-" + i);
      thread.start();
      threads.add(thread);
    }

    start.await();
    OpenAIClient client = client();
    try {
      String answer =
          client
              .chat()
              .completions()
              .create(
                  ChatCompletionCreateParams.builder()
                      .model("gpt-4o-mini")
                      .addUserMessage("asked from the main thread")
                      .build())
              .choices()
              .get(0)
              .message()
              .content()
              .orElse("");
      System.out.println("main: " + answer);
    } finally {
      client.close();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    for (Throwable failure : failures) {
      failure.printStackTrace();
    }
    System.out.println("failures=" + failures.size());
  }

  private static void askFromOwnSdk(
      int index, URL[] urls, ParallelLoader shared, byte[] askerClassFile) throws Exception {
    try (URLClassLoader sdk =
        new URLClassLoader("sdk-" + index, urls, ClassLoader.getPlatformClassLoader())) {
      ParallelLoader askers = new ParallelLoader(sdk);
      for (int j = 0; j < GENERATED_PER_THREAD; j++) {
        String name = "generated/Thread" + index + "Class" + j;
        shared.define(name.replace('/', '.'), DefinedClassesApp.generatedClassFile(name));
        if (j == GENERATED_PER_THREAD / 2) {
          askers.define("example.defined.Asker", askerClassFile);
        }
      }
      Class<?> asker = askers.loadClass("example.defined.Asker");
      Class<?> clientType = sdk.loadClass("com.openai.client.OpenAIClient");
      Object client = clientFrom(sdk);
      try {
        Object answer =
            asker
                .getMethod("ask", clientType, String.class)
                .invoke(asker.getConstructor().newInstance(), client, "thread " + index);
        System.out.println("thread " + index + ": " + answer);
      } finally {
        clientType.getMethod("close").invoke(client);
      }
    }
  }

  private static OpenAIClient client() {
    return OpenAiTestClient.fromEnvironment();
  }

  /** Builds a client from the SDK copy in {@code sdk}, as {@link #client} does, by reflection. */
  private static Object clientFrom(ClassLoader sdk) throws Exception {
    Object builder =
        sdk.loadClass("com.openai.client.okhttp.OpenAIOkHttpClient")
            .getMethod("builder")
            .invoke(null);
    Class<?> builderType = builder.getClass();
    builderType
        .getMethod("baseUrl", String.class)
        .invoke(builder, System.getenv("OPENAI_BASE_URL"));
    builderType.getMethod("apiKey", String.class).invoke(builder, "sk-test-not-a-real-key");
    builderType.getMethod("maxRetries", int.class).invoke(builder, 0);
    return builderType.getMethod("build").invoke(builder);
  }

  private static byte[] askerClassFile() throws Exception {
    try (InputStream in =
        ConcurrentDefinesApp.class
            .getClassLoader()
            .getResourceAsStream("example/defined/Asker.class")) {
      return in.readAllBytes();
    }
  }

  /** A parallel-capable class loader that defines the class files it is given. */
  private static final class ParallelLoader extends ClassLoader {

    static {
      registerAsParallelCapable();
    }

    ParallelLoader(ClassLoader parent) {
      super(parent);
    }

    Class<?> define(String name, byte[] classFile) {
      return defineClass(name, classFile, 0, classFile.length);
    }
  }
}
