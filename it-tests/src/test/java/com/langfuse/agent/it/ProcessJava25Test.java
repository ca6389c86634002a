package com.langfuse.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.it.apps.ProcessParentApp;
import com.langfuse.agent.it.support.ChildJvm;
import com.langfuse.agent.testing.OtlpReceiver;
import com.langfuse.agent.testing.ReceivedSpan;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The advice is inlined into the JDK's own {@code ProcessBuilder}, whose code differs between
 * releases, so the newest supported JDK runs the process scenarios too.
 */
class ProcessJava25Test {

  private static final String PUBLIC_KEY = "pk-lf-it-public";
  private static final String SECRET_KEY = "sk-lf-it-secret-never-logged";

  @Test
  void processSpansOnJava25() throws Exception {
    String java25 = ChildJvm.java25Home();
    Assumptions.assumeTrue(java25 != null, "Temurin 25 is not installed here");
    try (OtlpReceiver receiver = new OtlpReceiver(PUBLIC_KEY, SECRET_KEY).start()) {
      ChildJvm.Result parent =
          new ChildJvm()
              .javaHome(java25)
              .env("LANGFUSE_PUBLIC_KEY", PUBLIC_KEY)
              .env("LANGFUSE_SECRET_KEY", SECRET_KEY)
              .env("LANGFUSE_BASE_URL", receiver.baseUrl())
              .env("LANGFUSE_FLUSH_INTERVAL", "0.2")
              .env("LANGFUSE_AGENT_SHUTDOWN_TIMEOUT", "30")
              .run(ProcessParentApp.class, "exit-code", "missing-executable", "echo-traceparent");

      assertThat(parent.exitCode()).as(parent.toString()).isZero();
      List<ReceivedSpan> spans =
          receiver.awaitSpans(3, Duration.ofSeconds(30)).stream()
              .sorted(Comparator.comparingLong(ReceivedSpan::startNanos))
              .collect(Collectors.toList());
      assertThat(spans).hasSize(3);
      assertThat(spans.get(0).attr("process.exit.code")).isEqualTo(3L);
      assertThat(spans.get(0).statusCode()).isEqualTo("ERROR");
      assertThat(spans.get(1).name()).isEqualTo("langfuse-missing-tool");
      assertThat(spans.get(1).statusCode()).isEqualTo("ERROR");
      ReceivedSpan echo = spans.get(2);
      assertThat(parent.stdout())
          .contains("traceparent 00-" + echo.traceId() + "-" + echo.spanId() + "-01\n");
    }
  }
}
