package com.langfuse.agent.it.apps;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Looks at hooked classes through reflection and at the stack trace of a failed OpenAI call, and
 * prints what it finds, one fact a line, so that a run with the agent can be compared with one
 * without. The first chat completion fails (the test enqueues an error), the second succeeds.
 */
public final class ReflectionStartupApp {

  private ReflectionStartupApp() {}

  public static void main(String[] args) throws Exception {
    OpenAIClient client = OpenAiTestClient.fromEnvironment();
    try {
      Object service = client.chat().completions();
      ChatCompletionCreateParams params =
          ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Which?").build();
      try {
        client.chat().completions().create(params);
        System.out.println("error call: no exception");
      } catch (RuntimeException e) {
        System.out.println("error call: " + e.getClass().getName() + ": " + e.getMessage());
        for (StackTraceElement frame : e.getStackTrace()) {
          if (frame.getClassName().startsWith("com.openai.services.")) {
            System.out.println("frame: " + frame.getClassName() + "." + frame.getMethodName());
          }
        }
      }
      // The app calls the hooked method through reflection, as a framework might.
      Method create = service.getClass().getMethod("create", ChatCompletionCreateParams.class);
      try {
        ChatCompletion completion = (ChatCompletion) create.invoke(service, params);
        System.out.println("reflective call: " + completion.choices().get(0).message().content());
      } catch (InvocationTargetException e) {
        System.out.println("reflective call threw " + e.getCause());
      }
      describe(service.getClass());
      describe(ThreadPoolExecutor.class);
      describe(ForkJoinPool.class);
    } finally {
      client.close();
    }
    System.out.println("reflection app done");
  }

  private static void describe(Class<?> type) {
    String name = type.getName();
    for (String method : sorted(type.getMethods())) {
      System.out.println(name + " public: " + method);
    }
    for (String method : sorted(type.getDeclaredMethods())) {
      System.out.println(name + " declared: " + method);
    }
    for (Method method : type.getDeclaredMethods()) {
      if (method.getName().equals("create") || method.getName().equals("execute")) {
        System.out.println(
            name
                + " "
                + method.getName()
                + ": annotations "
                + Arrays.toString(method.getDeclaredAnnotations())
                + " parameter annotations "
                + Arrays.deepToString(method.getParameterAnnotations())
                + " parameters "
                + Arrays.toString(method.getParameters())
                + " synthetic "
                + method.isSynthetic()
                + " bridge "
                + method.isBridge()
                + " modifiers "
                + Modifier.toString(method.getModifiers()));
      }
    }
  }

  private static List<String> sorted(Method[] methods) {
    List<String> lines = new ArrayList<>();
    for (Method method : methods) {
      lines.add(method.toGenericString() + (method.isSynthetic() ? " synthetic" : ""));
    }
    lines.sort(null);
    return lines;
  }
}
