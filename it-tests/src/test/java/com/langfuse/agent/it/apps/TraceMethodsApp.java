package com.langfuse.agent.it.apps;

import com.openai.client.OpenAIClient;
import example.roots.Assistant;

/**
 * A plain application that calls {@link Assistant} and has no code for the agent. With {@code
 * --otel} it first opens an OpenTelemetry span through the API and prints its ids.
 */
public final class TraceMethodsApp {

  private TraceMethodsApp() {}

  public static void main(String[] args) throws Exception {
    OpenAIClient client = OpenAiTestClient.fromEnvironment();
    try {
      Assistant assistant = new Assistant(client);
      if (args.length > 0 && args[0].equals("--otel")) {
        System.out.println(OtelSpans.callInSpan(() -> assistant.answer("Which ocean?", 1)));
        return;
      }
      System.out.println(assistant.answer("Which ocean?", 1));
      try {
        assistant.fail("no reason");
      } catch (IllegalArgumentException e) {
        System.out.println("threw " + e.getClass().getName() + ": " + e.getMessage());
      }
    } finally {
      client.close();
    }
  }
}
