package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.ProcessParentApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Process spans at the edges: a child process that outlives its parent JVM, and the exact bytes the
 * exporter sends for a command line with secrets.
 */
class ProcessShutdownTest {

  private static final String PUBLIC_KEY = "pk-lf-it-public";
  private static final String SECRET_KEY = "sk-lf-it-secret-never-logged";

  @Test
  void runningProcessDoesNotBlockShutdown() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result parent =
          agentJvm(receiver.baseUrl()).run(ProcessParentApp.class, "never-ends");
      long sleeperPid = pidIn(parent.stdout());
      try {
        // ChildJvm reports -1 when the parent had to be killed after its timeout.
        assertThat(parent.exitCode()).as(parent.toString()).isZero();

        List<ReceivedSpan> spans = receiver.awaitSpans(1, Duration.ofSeconds(30));
        assertThat(spans).hasSize(1);
        ReceivedSpan sleeper = spans.get(0);
        assertThat(sleeper.name()).isEqualTo("sleep");
        assertThat(sleeper.attr("langfuse.observation.metadata.state"))
            .isEqualTo("still running at shutdown");
        assertThat(sleeper.attr("langfuse.observation.level")).isEqualTo("WARNING");
        assertThat(sleeper.attr("process.exit.code")).isNull();
        assertThat(ProcessHandle.of(sleeperPid).map(ProcessHandle::isAlive)).contains(true);
      } finally {
        ProcessHandle.of(sleeperPid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  /**
   * Exports to a plain loopback HTTP server that keeps each decoded request body, because {@link
   * OtlpReceiver} keeps only the decoded spans, not the bytes.
   */
  @Test
  void secretsNeverReachExportedBytes() throws Exception {
    List<String> bodies = new CopyOnWriteArrayList<>();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] wire = exchange.getRequestBody().readAllBytes();
          bodies.add(decode(wire, exchange.getRequestHeaders().getFirst("Content-Encoding")));
          byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
    try {
      String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
      ChildJvm.Result parent = agentJvm(baseUrl).run(ProcessParentApp.class, "secrets");

      assertThat(parent.exitCode()).as(parent.toString()).isZero();
      assertThat(bodies).as(parent.toString()).hasSize(1);
      assertThat(bodies.get(0)).contains("visible-argument");
      assertThat(bodies.get(0)).doesNotContain("SECRET-VALUE");
      assertThat(parent.stdout() + parent.stderr()).doesNotContain("SECRET-VALUE");
    } finally {
      server.stop(0);
    }
  }

  private static ChildJvm agentJvm(String baseUrl) {
    return new ChildJvm()
        .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
        .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
        .env("LANGFUSE_BASE_URL", baseUrl)
        .env("LANGFUSE_AGENT_SHUTDOWN_TIMEOUT", "30");
  }

  private static long pidIn(String stdout) {
    Matcher pid = Pattern.compile("pid (\\d+)").matcher(stdout);
    assertThat(pid.find()).as(stdout).isTrue();
    return Long.parseLong(pid.group(1));
  }

  private static String decode(byte[] wire, String encoding) throws java.io.IOException {
    InputStream in = new ByteArrayInputStream(wire);
    if ("gzip".equalsIgnoreCase(encoding)) {
      in = new GZIPInputStream(in);
    }
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }
}
