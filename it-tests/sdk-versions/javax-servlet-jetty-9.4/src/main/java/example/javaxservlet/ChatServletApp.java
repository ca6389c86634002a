package example.javaxservlet;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/**
 * A plain {@code javax.servlet} application on embedded Jetty 9.4, with no framework and no code
 * for the agent. Its main method starts Jetty on a free loopback port, sends one request per
 * argument ({@code METHOD path}, optionally followed by request headers as {@code Name=value}),
 * prints each status and body, and stops.
 */
public final class ChatServletApp {

  private static final String QUESTION =
      "Answer in up to 3 words: Which ocean contains Bouvet Island?";

  private ChatServletApp() {}

  public static void main(String[] args) throws Exception {
    OpenAIClient client =
        OpenAIOkHttpClient.builder()
            .baseUrl(System.getenv("OPENAI_BASE_URL"))
            .apiKey("sk-test-not-a-real-key")
            .maxRetries(0)
            .build();
    ExecutorService workers = Executors.newFixedThreadPool(2);
    Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new ChatServlet(client, workers)), "/*");
    server.setHandler(context);
    server.start();
    try {
      int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
      send(port, args);
    } finally {
      server.stop();
      workers.shutdown();
      client.close();
    }
  }

  private static void send(int port, String[] routes) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    for (String route : routes) {
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
  }

  /** Serves every path: the three paths below, and 404 for others. */
  private static final class ChatServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient OpenAIClient client;
    private final transient ExecutorService workers;

    ChatServlet(OpenAIClient client, ExecutorService workers) {
      this.client = client;
      this.workers = workers;
    }

    /** {@code GET /ping}: no LLM call. {@code GET /fail}: one LLM call, then a failure. */
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws ServletException, IOException {
      String path = request.getRequestURI();
      if (path.equals("/ping")) {
        write(response, "pong");
      } else if (path.equals("/fail")) {
        ask();
        throw new ServletException("failing on purpose after the LLM call");
      } else {
        response.sendError(404);
      }
    }

    /** {@code POST /chat/<id>}: one LLM call on the request thread, one on an executor thread. */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
        throws ServletException, IOException {
      String path = request.getRequestURI();
      if (!path.startsWith("/chat/")) {
        response.sendError(404);
        return;
      }
      String first = ask();
      String second;
      try {
        second = workers.submit(this::ask).get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new ServletException("the executor's LLM call failed", e);
      }
      write(response, path.substring("/chat/".length()) + ": " + first + " / " + second);
    }

    private String ask() {
      ChatCompletionCreateParams params =
          ChatCompletionCreateParams.builder()
              .model("gpt-4o-mini")
              .addUserMessage(QUESTION)
              .build();
      ChatCompletion completion = client.chat().completions().create(params);
      return completion.choices().get(0).message().content().orElse("");
    }

    private static void write(HttpServletResponse response, String body) throws IOException {
      response.setContentType("text/plain;charset=utf-8");
      response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
  }
}
