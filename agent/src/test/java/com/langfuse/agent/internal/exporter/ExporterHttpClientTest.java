package com.langfuse.agent.internal.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExporterHttpClientTest {

  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
  private static final byte[] BODY = "{\"resourceSpans\":[]}".getBytes();
  private static final long TIMEOUT_MILLIS = 5_000;

  @TempDir Path temp;

  @Test
  void keepAliveReusesOneConnection() throws IOException {
    try (ScriptedHttpServer server = new ScriptedHttpServer();
        ExporterHttpClient client = client("http://127.0.0.1:" + server.port())) {
      for (int i = 0; i < 3; i++) {
        server.reply(OK, false);
        assertThat(client.post(BODY, "application/json", "gzip").status()).isEqualTo(200);
      }

      assertThat(server.connections()).isEqualTo(1);
    }
  }

  @Test
  void requestHeadHasFramingAndFixedHeaders() throws IOException {
    try (ScriptedHttpServer server = new ScriptedHttpServer();
        ExporterHttpClient client = client("http://127.0.0.1:" + server.port() + "/v1/t?q=1")) {
      server.reply(OK, false);

      client.post(BODY, "application/json", "gzip");

      String head = server.heads().get(0);
      assertThat(head).startsWith("POST /v1/t?q=1 HTTP/1.1\r\n");
      assertThat(head).contains("Host: 127.0.0.1:" + server.port() + "\r\n");
      assertThat(head).contains("Authorization: Basic abc\r\n");
      assertThat(head).contains("Content-Type: application/json\r\n");
      assertThat(head).contains("Content-Encoding: gzip\r\n");
      assertThat(head).contains("Content-Length: " + BODY.length + "\r\n");
    }
  }

  @Test
  void chunkedBodyIsReadAndKept() throws IOException {
    try (ScriptedHttpServer server = new ScriptedHttpServer();
        ExporterHttpClient client = client("http://127.0.0.1:" + server.port())) {
      server.reply(
          "HTTP/1.1 429 Too Many Requests\r\nTransfer-Encoding: chunked\r\nRetry-After: 3\r\n\r\n"
              + "5;ext=1\r\nslow \r\n5\r\ndown!\r\n0\r\nX-Trailer: 1\r\n\r\n",
          false);
      server.reply(OK, false);

      HttpResponse response = client.post(BODY, "application/json", null);
      HttpResponse next = client.post(BODY, "application/json", null);

      assertThat(response.status()).isEqualTo(429);
      assertThat(response.reason()).isEqualTo("Too Many Requests");
      assertThat(response.header("retry-after")).isEqualTo("3");
      assertThat(response.bodyText()).isEqualTo("slow down!");
      assertThat(next.status()).isEqualTo(200);
      assertThat(server.connections()).isEqualTo(1);
    }
  }

  @Test
  void connectionCloseHeaderOpensNewConnection() throws IOException {
    try (ScriptedHttpServer server = new ScriptedHttpServer();
        ExporterHttpClient client = client("http://127.0.0.1:" + server.port())) {
      server.reply("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", true);
      server.reply(OK, false);

      client.post(BODY, "application/json", null);
      HttpResponse second = client.post(BODY, "application/json", null);

      assertThat(second.status()).isEqualTo(200);
      assertThat(server.connections()).isEqualTo(2);
    }
  }

  @Test
  void http10BodyEndsAtClose() throws IOException {
    try (ScriptedHttpServer server = new ScriptedHttpServer();
        ExporterHttpClient client = client("http://127.0.0.1:" + server.port())) {
      server.reply("HTTP/1.0 503 Service Unavailable\r\n\r\nback soon", true);
      server.reply(OK, false);

      HttpResponse response = client.post(BODY, "application/json", null);
      HttpResponse next = client.post(BODY, "application/json", null);

      assertThat(response.status()).isEqualTo(503);
      assertThat(response.bodyText()).isEqualTo("back soon");
      assertThat(next.status()).isEqualTo(200);
      assertThat(server.connections()).isEqualTo(2);
    }
  }

  @Test
  void idleConnectionClosedByServerIsReplaced() throws Exception {
    try (ScriptedHttpServer server = new ScriptedHttpServer();
        ExporterHttpClient client = client("http://127.0.0.1:" + server.port())) {
      // The server closes without saying so in a header, as an idle timeout does.
      server.reply(OK, true);
      server.reply(OK, false);
      client.post(BODY, "application/json", null);
      // Past the idle time after which the client probes a pooled connection before reuse.
      Thread.sleep(1_100);

      HttpResponse second = client.post(BODY, "application/json", null);

      assertThat(second.status()).isEqualTo(200);
      assertThat(server.connections()).isEqualTo(2);
    }
  }

  @Test
  void blockedWriteEndsAtDeadline() throws IOException {
    try (ScriptedHttpServer server = new ScriptedHttpServer();
        ExporterHttpClient client =
            new ExporterHttpClient("http://127.0.0.1:" + server.port(), Map.of(), 500)) {
      server.hang();
      // Larger than the loopback socket buffers, so the write blocks while nobody reads.
      byte[] large = new byte[64 << 20];

      long start = System.nanoTime();
      assertThatThrownBy(() -> client.post(large, "application/json", null))
          .isInstanceOf(SocketTimeoutException.class);
      long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertThat(elapsedMillis).isLessThan(TIMEOUT_MILLIS);
    }
  }

  @Test
  void closeEndsRequestInProgress()
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    try (ScriptedHttpServer server = new ScriptedHttpServer()) {
      ExporterHttpClient client =
          new ExporterHttpClient("http://127.0.0.1:" + server.port(), Map.of(), 60_000);
      server.hang();
      CompletableFuture<Throwable> failure =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  client.post(BODY, "application/json", null);
                  return null;
                } catch (IOException e) {
                  return e;
                }
              });
      waitForConnection(server);

      client.close();

      assertThat(failure.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)).isInstanceOf(IOException.class);
      assertThatThrownBy(() -> client.post(BODY, "application/json", null))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void tlsVerifiesCertificateAndHostName() throws Exception {
    KeyStore keyStore = selfSignedKeyStore();
    SSLContext serverContext = SSLContext.getInstance("TLS");
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(keyStore, "secret".toCharArray());
    serverContext.init(keys.getKeyManagers(), null, null);
    SSLContext clientContext = SSLContext.getInstance("TLS");
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(keyStore);
    clientContext.init(null, trust.getTrustManagers(), null);

    try (ScriptedHttpServer server =
            new ScriptedHttpServer(serverContext.getServerSocketFactory());
        ExporterHttpClient client = tlsClient("https://localhost:" + server.port(), clientContext)) {
      server.reply(OK, false);
      server.reply(OK, false);

      assertThat(client.post(BODY, "application/json", null).status()).isEqualTo(200);
      // Past the idle time after which the client probes the pooled connection: a probe that
      // times out must leave the TLS connection usable.
      Thread.sleep(1_100);
      assertThat(client.post(BODY, "application/json", null).status()).isEqualTo(200);
      assertThat(server.connections()).isEqualTo(1);
    }
    // The certificate names localhost only, so the IP address must fail the host name check. The
    // server starts its side of the handshake once it has a reply to send.
    try (ScriptedHttpServer server =
            new ScriptedHttpServer(serverContext.getServerSocketFactory());
        ExporterHttpClient client = tlsClient("https://127.0.0.1:" + server.port(), clientContext)) {
      server.reply(OK, false);

      assertThatThrownBy(() -> client.post(BODY, "application/json", null))
          .isInstanceOf(SSLHandshakeException.class);
    }
  }

  private static ExporterHttpClient client(String url) {
    return new ExporterHttpClient(url, Map.of("Authorization", "Basic abc"), TIMEOUT_MILLIS);
  }

  private static ExporterHttpClient tlsClient(String url, SSLContext context) {
    return new ExporterHttpClient(url, Map.of(), TIMEOUT_MILLIS, context.getSocketFactory());
  }

  private static void waitForConnection(ScriptedHttpServer server) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
    while (server.connections() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  /** Creates a key store with a self-signed certificate for localhost, with the JDK's keytool. */
  private KeyStore selfSignedKeyStore()
      throws IOException, InterruptedException, GeneralSecurityException {
    Path file = temp.resolve("server.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process process =
        new ProcessBuilder(
                List.of(
                    keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", file.toString(),
                    "-storepass", "secret", "-keypass", "secret"))
            .redirectErrorStream(true)
            .start();
    process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(file.toFile())) {
      keyStore.load(in, "secret".toCharArray());
    }
    return keyStore;
  }
}
