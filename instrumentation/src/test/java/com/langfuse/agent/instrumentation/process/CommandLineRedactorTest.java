package com.langfuse.agent.instrumentation.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineRedactorTest {

  private static final String REDACTED = CommandLineRedactor.REDACTED;

  @Test
  void valueAfterSecretFlagIsRedacted() {
    List<String> redacted =
        redact("tool", "--password", "p1", "--api-key", "k1", "--token", "t1", "--secret", "s1");

    assertThat(redacted)
        .containsExactly(
            "tool",
            "--password",
            REDACTED,
            "--api-key",
            REDACTED,
            "--token",
            REDACTED,
            "--secret",
            REDACTED);
  }

  @Test
  void flagWithEqualsIsRedacted() {
    assertThat(redact("tool", "--api_key=k1", "-Dlangfuse.secret.key=k2", "--name=visible"))
        .containsExactly(
            "tool", "--api_key=" + REDACTED, "-Dlangfuse.secret.key=" + REDACTED, "--name=visible");
  }

  @Test
  void secretLookingAssignmentIsRedacted() {
    assertThat(redact("env", "OPENAI_API_KEY=k1", "DB_PASSWORD=p1", "GITHUB_TOKEN=t1", "HOME=/h"))
        .containsExactly(
            "env",
            "OPENAI_API_KEY=" + REDACTED,
            "DB_PASSWORD=" + REDACTED,
            "GITHUB_TOKEN=" + REDACTED,
            "HOME=/h");
  }

  @Test
  void ordinaryArgumentsStayVisible() {
    List<String> command =
        Arrays.asList("java", "-Xmx1g", "-cp", "a.jar:b.jar", "com.example.Main", "--verbose");

    assertThat(CommandLineRedactor.redact(command)).isEqualTo(command);
  }

  @Test
  void credentialHeaderIsRedacted() {
    assertThat(redact("curl", "-H", "Authorization: Bearer sk-1", "-H", "Accept: text/plain"))
        .containsExactly("curl", "-H", "Authorization: " + REDACTED, "-H", "Accept: text/plain");
  }

  @Test
  void urlPasswordAndSecretParametersAreRedacted() {
    assertThat(redact("git", "clone", "https://user:pw1@example.com/repo.git?x=1&token=t1"))
        .containsExactly(
            "git",
            "clone",
            "https://user:" + REDACTED + "@example.com/repo.git?x=1&token=" + REDACTED);
  }

  @Test
  void secretsInsideShellScriptAreRedacted() {
    List<String> redacted =
        redact(
            "sh",
            "-c",
            "API_TOKEN=t1 run --password 'p 1' --out x && curl -H \"Authorization: Bearer t2\" u");

    assertThat(redacted.get(2)).doesNotContain("t1", "p 1", "t2");
    assertThat(redacted.get(2)).contains("--out x", "run", "curl");
  }

  @Test
  void executableIsNeverTakenAsSecretValue() {
    assertThat(redact("/opt/token-tool", "status")).containsExactly("/opt/token-tool", "status");
  }

  @Test
  void nullArgumentIsKeptAsText() {
    assertThat(CommandLineRedactor.redact(Arrays.asList("tool", null, "x")))
        .containsExactly("tool", "null", "x");
  }

  @Test
  void secretNamesAreRecognised() {
    for (String name :
        new String[] {"--passwd", "--passphrase", "--client-secret", "-Dkey", "db.pwd", "AUTH"}) {
      assertThat(CommandLineRedactor.looksSecret(name)).as(name).isTrue();
    }
    for (String name : new String[] {"--verbose", "--keyboard", "--output", "PATH", "--monkey"}) {
      assertThat(CommandLineRedactor.looksSecret(name)).as(name).isFalse();
    }
  }

  private static List<String> redact(String... command) {
    return CommandLineRedactor.redact(Arrays.asList(command));
  }
}
