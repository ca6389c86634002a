package com.langfuse.agent.it.apps.web;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.MDC;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A Spring Boot web application on embedded Tomcat that has no code for the agent. Its main
 * method starts it on a free loopback port, sends it one request per route given as an argument
 * ({@code METHOD path}, optionally followed by request headers as {@code Name=value}), prints each
 * status and body, and stops.
 *
 * <p>Like an application that authenticates its users, a servlet filter puts the value of the
 * {@code X-App-User} request header into the SLF4J MDC as {@code userId} for the request.
 */
@SpringBootApplication
public class ChatWebApp {

  private static final String QUESTION =
      "Answer in up to 3 words: Which ocean contains Bouvet Island?";

  public static void main(String[] args) throws Exception {
    System.setProperty("server.address", "127.0.0.1");
    System.setProperty("server.port", "0");
    System.setProperty("spring.main.banner-mode", "off");
    System.setProperty("logging.level.root", "WARN");
    ConfigurableApplicationContext context = SpringApplication.run(ChatWebApp.class);
    try {
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      for (String route : args) {
        String[] parts = route.split(" ");
        HttpRequest.Builder request =
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + parts[1]))
                .method(parts[0], HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(60));
        for (int i = 2; i < parts.length; i++) {
          String[] header = parts[i].split("=", 2);
          request.header(header[0], header[1]);
        }
        HttpResponse<String> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        System.out.println(
            parts[0] + " " + parts[1] + " -> " + response.statusCode() + " " + response.body());
      }
    } finally {
      SpringApplication.exit(context);
    }
  }

  @Bean(destroyMethod = "close")
  OpenAIClient openAiClient() {
    return OpenAIOkHttpClient.builder()
        .baseUrl(System.getenv("OPENAI_BASE_URL"))
        .apiKey("sk-test-not-a-real-key")
        .maxRetries(0)
        .build();
  }

  @Bean
  OncePerRequestFilter appUserFilter() {
    return new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(
          HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        String user = request.getHeader("X-App-User");
        if (user == null) {
          chain.doFilter(request, response);
          return;
        }
        MDC.put("userId", user);
        try {
          chain.doFilter(request, response);
        } finally {
          MDC.remove("userId");
        }
      }
    };
  }

  static String ask(OpenAIClient client) {
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(QUESTION).build();
    ChatCompletion completion = client.chat().completions().create(params);
    return completion.choices().get(0).message().content().orElse("");
  }

  /** The routes the test calls. */
  @RestController
  static class ChatController {
    private final OpenAIClient client;

    /**
     * The application's own pool. It is no bean, because an Executor bean would replace Spring
     * Boot's task executor, which runs the async requests.
     */
    private final ExecutorService workers = Executors.newFixedThreadPool(2);

    ChatController(OpenAIClient client) {
      this.client = client;
    }

    @PreDestroy
    void stopWorkers() {
      workers.shutdown();
    }

    /** Two LLM calls: one on the request thread, one on an executor thread. */
    @PostMapping("/chat/{id}")
    String chat(@PathVariable("id") String id) throws Exception {
      String first = ask(client);
      String second = workers.submit(() -> ask(client)).get(60, TimeUnit.SECONDS);
      return id + ": " + first + " / " + second;
    }

    /** Makes the same calls as {@code /chat/{id}}, for requests that carry user and session ids. */
    @PostMapping("/identity/{id}")
    String identity(@PathVariable("id") String id) throws Exception {
      return chat(id);
    }

    /** One LLM call through CompletableFuture's default async pool. */
    @PostMapping("/async/{id}")
    String async(@PathVariable("id") String id) throws Exception {
      return id + ": " + CompletableFuture.supplyAsync(() -> ask(client)).get(60, TimeUnit.SECONDS);
    }

    /** One LLM call in a Spring MVC async request, on Spring Boot's task executor. */
    @PostMapping("/deferred/{id}")
    Callable<String> deferred(@PathVariable("id") String id) {
      return () -> id + ": " + ask(client);
    }

    /** No LLM call. */
    @GetMapping("/ping")
    String ping() {
      return "pong";
    }

    /** One LLM call, then a failure that Spring turns into a 500 answer. */
    @GetMapping("/fail")
    String fail() {
      ask(client);
      throw new IllegalStateException("failing on purpose after the LLM call");
    }
  }
}
