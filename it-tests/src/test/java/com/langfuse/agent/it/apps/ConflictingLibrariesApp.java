package com.langfuse.agent.it.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Method;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * An application that bundles old releases of the libraries the agent itself uses: it calls the
 * chat completions endpoint at {@code OPENAI_BASE_URL} with its own OkHttp 3, reads the answer
 * with its own Jackson 2.10, asks its own Kotlin 1.3 stdlib for its version and generates a
 * class with its own Byte Buddy 1.10, printing each result.
 *
 * <p>No instrumented SDK runs on these versions, so the app then ends one span through the
 * agent's bootstrap {@code Tracer}, looked up by name on the boot class path where the agent put
 * it, to make the agent's exporter run beside the application's OkHttp and Jackson.
 */
public final class ConflictingLibrariesApp {

  private ConflictingLibrariesApp() {}

  public static void main(String[] args) throws Exception {
    OkHttpClient http = new OkHttpClient();
    String body =
        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Which ocean?\"}]}";
    Request request =
        new Request.Builder()
            .url(System.getenv("OPENAI_BASE_URL") + "/chat/completions")
            .post(RequestBody.create(MediaType.parse("application/json"), body))
            .build();
    String answer;
    try (Response response = http.newCall(request).execute()) {
      answer = response.body().string();
    }
    JsonNode json = new ObjectMapper().readTree(answer);
    System.out.println(
        "okhttp "
            + Class.forName("okhttp3.internal.Version").getMethod("userAgent").invoke(null));
    System.out.println("jackson " + com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION);
    System.out.println("kotlin " + Class.forName("kotlin.KotlinVersion").getField("CURRENT").get(null));
    System.out.println(
        "answer " + json.path("choices").path(0).path("message").path("content").asText());

    Class<?> generated =
        new ByteBuddy()
            .subclass(Object.class)
            .name("com.example.Generated")
            .make()
            .load(ConflictingLibrariesApp.class.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER)
            .getLoaded();
    System.out.println("byte-buddy generated " + generated.getName());

    endOneSpan();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  /** Starts and ends one span through the agent's bootstrap API, when the agent is attached. */
  private static void endOneSpan() throws Exception {
    Class<?> tracer;
    try {
      tracer = Class.forName("com.langfuse.agent.bootstrap.trace.Tracer");
    } catch (ClassNotFoundException e) {
      return;
    }
    Method start = tracer.getMethod("startSpan", String.class, String.class, int.class);
    Object span = start.invoke(null, "conflicting libraries", "span", 1);
    span.getClass().getMethod("end").invoke(span);
  }
}
