package com.langfuse.agent.it.apps;

import com.example.lambda.LambdaHandlers;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An application that makes one OpenAI SDK call (through a Lambda handler object, called
 * directly) and exits, for the tests of the agent's JVM shutdown. Scenarios, by {@code args[0]}:
 *
 * <ul>
 *   <li>{@code chat}: one call in main, then main returns; prints {@code main returned at
 *       <epochMillis>}.
 *   <li>{@code chat-after-shutdown}: the same, and a shutdown hook of its own that waits until the
 *       agent's shutdown hook has finished, then calls the handler again and prints {@code hook
 *       call returned <millis>}. Needs {@code --add-opens java.base/java.lang=ALL-UNNAMED}.
 * </ul>
 */
public final class ShutdownApp {

  private static final String QUESTION = "Which ocean contains Bouvet Island?";
  private static final String AGENT_HOOK_NAME = "langfuse-agent-shutdown";

  private ShutdownApp() {}

  public static void main(String[] args) throws Exception {
    LambdaHandlers.Chat handler = new LambdaHandlers.Chat();
    if (args[0].equals("chat-after-shutdown")) {
      Thread agentHook = registeredHook(AGENT_HOOK_NAME);
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> callAfter(agentHook, handler), "app-shutdown"));
    } else if (!args[0].equals("chat")) {
      throw new IllegalArgumentException("unknown scenario " + args[0]);
    }
    System.out.println("main answer " + handler.handleRequest(QUESTION, null));
    System.out.println("main returned at " + System.currentTimeMillis());
  }

  /**
   * Waits until {@code agentHook} has run, then makes a call whose span ends after the agent shut
   * down. Shutdown hooks start together in no fixed order, so the hook first waits for the agent's
   * to start.
   */
  private static void callAfter(Thread agentHook, LambdaHandlers.Chat handler) {
    try {
      while (agentHook.getState() == Thread.State.NEW) {
        TimeUnit.MILLISECONDS.sleep(5);
      }
      agentHook.join();
      long start = System.nanoTime();
      handler.handleRequest(QUESTION, null);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      System.out.println("hook call returned " + millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Returns the registered shutdown hook named {@code name}. The JDK keeps hooks in a private
   * map, hence the reflection; only this test application needs it, to order its hook after the
   * agent's.
   */
  private static Thread registeredHook(String name) throws ReflectiveOperationException {
    Class<?> hooksClass = Class.forName("java.lang.ApplicationShutdownHooks");
    Field field = hooksClass.getDeclaredField("hooks");
    field.setAccessible(true);
    synchronized (hooksClass) {
      for (Object hook : ((Map<?, ?>) field.get(null)).keySet()) {
        if (((Thread) hook).getName().equals(name)) {
          return (Thread) hook;
        }
      }
    }
    throw new IllegalStateException("no shutdown hook named " + name + " is registered");
  }
}
