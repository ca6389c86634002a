package com.langfuse.agent.it.webflux;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A Spring Boot WebFlux application on Reactor Netty that has no code for the agent. Its main
 * method starts it on a free loopback port and sends it one request per argument: {@code METHOD
 * path}; {@code GET path disconnect} for a client that reads the first server-sent event and
 * disconnects; {@code GET /hang/id disconnect} for one that disconnects once the route's LLM call
 * returned. It prints each status and body (only the status of a server error), then makes LLM
 * calls outside any request on the same pooled threads, and stops.
 *
 * <p>The thread pools are kept small, two Netty event loops and two threads per Reactor
 * scheduler, so the later requests and calls run on the threads of the earlier ones.
 */
@SpringBootApplication
public class WebFluxChatApp {

  /** A header with a user id, which the it-test names in LANGFUSE_HTTP_USER_ID_HEADER. */
  static final String USER_HEADER = "X-Demo-User";

  static final String QUESTION = "Answer in up to 3 words: Which ocean contains Bouvet Island?";

  public static void main(String[] args) throws Exception {
    System.setProperty("server.address", "127.0.0.1");
    System.setProperty("server.port", "0");
    System.setProperty("spring.main.banner-mode", "off");
    System.setProperty("logging.level.root", "WARN");
    System.setProperty("reactor.netty.ioWorkerCount", "2");
    System.setProperty("reactor.schedulers.defaultPoolSize", "2");
    System.setProperty("reactor.schedulers.defaultBoundedElasticSize", "2");
    ConfigurableApplicationContext context = SpringApplication.run(WebFluxChatApp.class);
    try {
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
      for (String route : args) {
        System.out.println(route + " -> " + send(http, port, route));
      }
      callOutsideRequests(context.getBean(OpenAIClient.class), context.getBean(WebClient.class));
    } finally {
      SpringApplication.exit(context);
    }
  }

  /** Sends {@code METHOD path} or {@code GET path disconnect} and returns the status and body. */
  private static String send(HttpClient http, int port, String route) throws Exception {
    String[] parts = route.split(" ");
    if (parts.length > 2 && parts[2].equals("disconnect")) {
      return parts[1].startsWith("/hang/")
          ? disconnectAfterCall(port, parts[1])
          : readFirstEventAndDisconnect(port, parts[1]);
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + parts[1]))
            .method(parts[0], HttpRequest.BodyPublishers.noBody())
            .header(USER_HEADER, "user" + parts[1].replace('/', '-'))
            .timeout(Duration.ofSeconds(60))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    // An error body contains a timestamp and a request id, which differ from run to run.
    return response.statusCode() >= 500
        ? String.valueOf(response.statusCode())
        : response.statusCode() + " " + response.body();
  }

  /**
   * Sends {@code GET path} over a plain socket and closes the connection, without a response,
   * once the route's LLM call returned: a client that goes away while the server works.
   */
  private static String disconnectAfterCall(int port, String path) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      boolean called = ChatRoutes.HANG_CALL_DONE.await(60, TimeUnit.SECONDS);
      return called ? "disconnected after the LLM call" : "LLM call not made";
    }
  }

  /**
   * Sends {@code GET path} over a plain socket, reads up to the first server-sent event, and
   * closes the connection with the response still open: a client that goes away.
   */
  private static String readFirstEventAndDisconnect(int port, String path) throws Exception {
    try {
      return readFirstEvent(port, path);
    } finally {
      ChatRoutes.STREAM_CLIENT_GONE.countDown();
    }
  }

  /** Reads up to the first server-sent event of {@code GET path}, then closes the socket. */
  private static String readFirstEvent(int port, String path) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(60_000);
      String request =
          "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String status = reader.readLine();
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("data:")) {
          return status.split(" ")[1] + " " + line.substring("data:".length()) + ", disconnected";
        }
      }
      return status + ", no event";
    }
  }

  /**
   * Makes LLM calls after the requests, outside any of them, on a bounded-elastic thread, a
   * parallel thread and a Netty event loop: the threads that served the requests.
   */
  private static void callOutsideRequests(OpenAIClient client, WebClient webClient) {
    String elastic =
        Mono.fromCallable(() -> ask(client)).subscribeOn(Schedulers.boundedElastic()).block();
    System.out.println("outside, bounded elastic: " + elastic);
    String parallel =
        Mono.fromCallable(() -> ask(client)).subscribeOn(Schedulers.parallel()).block();
    System.out.println("outside, parallel: " + parallel);
    String eventLoop =
        ChatRoutes.statusOfModels(webClient)
            .flatMap(status -> Mono.fromCallable(() -> status + " " + ask(client)))
            .block();
    System.out.println("outside, event loop: " + eventLoop);
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
  WebClient webClient(WebClient.Builder builder) {
    return builder.baseUrl(System.getenv("OPENAI_BASE_URL")).build();
  }

  /** A router function route, whose handler calls the LLM on the event loop. */
  @Bean
  RouterFunction<ServerResponse> routerFunctionRoutes(OpenAIClient client) {
    return RouterFunctions.route(
        RequestPredicates.GET("/route/{name}"),
        request ->
            ServerResponse.ok().bodyValue(request.pathVariable("name") + ": " + ask(client)));
  }

  /** Makes one blocking chat completion and returns its text. */
  static String ask(OpenAIClient client) {
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(QUESTION).build();
    ChatCompletion completion = client.chat().completions().create(params);
    return completion.choices().get(0).message().content().orElse("");
  }
}
