package com.langfuse.agent.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.bootstrap.privacy.MaskPattern;
import com.langfuse.agent.bootstrap.privacy.MaskPatterns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigPrivacyTest {

  @TempDir Path directory;

  @Test
  void defaultsCaptureEverything() {
    AgentConfig config = config(Map.of());

    assertThat(config.captureContent()).isTrue();
    assertThat(config.maskPatterns()).isEmpty();
    assertThat(config.maxFieldBytes()).isEqualTo(1024 * 1024);
    assertThat(config.sampleRate()).isEqualTo(1.0);
    assertThat(config.tags()).isEmpty();
    assertThat(config.mdcUserIdKey()).isEqualTo("userId");
    assertThat(config.mdcSessionIdKey()).isEqualTo("sessionId");
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void sampleRateIsRead() {
    assertThat(config(Map.of("LANGFUSE_SAMPLE_RATE", "0.25")).sampleRate()).isEqualTo(0.25);
    assertThat(config(Map.of("LANGFUSE_SAMPLE_RATE", "0")).sampleRate()).isEqualTo(0.0);
    assertThat(config(Map.of("LANGFUSE_SAMPLE_RATE", "1")).sampleRate()).isEqualTo(1.0);
  }

  @Test
  void invalidSampleRateWarnsAndKeepsOne() {
    for (String value : List.of("1.5", "-0.1", "half", "NaN")) {
      AgentConfig config = config(Map.of("LANGFUSE_SAMPLE_RATE", value));

      assertThat(config.sampleRate()).as(value).isEqualTo(1.0);
      assertThat(config.warnings())
          .as(value)
          .containsExactly(
              "LANGFUSE_SAMPLE_RATE=" + value + " is invalid: use a number from 0 to 1; using the default 1.0");
    }
  }

  @Test
  void tagsAreSplitTrimmedAndDeduplicated() {
    AgentConfig config = config(Map.of("LANGFUSE_TAGS", " prod, checkout ,,prod,beta "));

    assertThat(config.tags()).containsExactly("prod", "checkout", "beta");
  }

  @Test
  void captureContentFalseIsRead() {
    assertThat(config(Map.of("LANGFUSE_CAPTURE_CONTENT", "false")).captureContent()).isFalse();
  }

  @Test
  void maskPatternsOnePerLine() {
    AgentConfig config =
        config(Map.of("LANGFUSE_MASK_PATTERNS", "secret-\\d+\r\n\n  \ncustomer:[a-z]+\n"));

    assertThat(config.maskPatterns()).extracting(MaskPattern::origin)
        .containsExactly("LANGFUSE_MASK_PATTERNS line 1", "LANGFUSE_MASK_PATTERNS line 4");
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void invalidPatternWarnsWithoutItsText() {
    AgentConfig config =
        config(Map.of("LANGFUSE_MASK_PATTERNS", "good-\\d+\n(sk-live-12345\nalso-good"));

    assertThat(config.maskPatterns()).hasSize(2);
    assertThat(config.warnings()).hasSize(1);
    assertThat(config.warnings().get(0))
        .startsWith("LANGFUSE_MASK_PATTERNS line 2 is not a valid regular expression (Unclosed group");
    assertThat(config.warnings().get(0)).doesNotContain("sk-live-12345");
  }

  @Test
  void patternsFileSkipsComments() throws IOException {
    Path file = directory.resolve("masks.txt");
    Files.writeString(file, "# account numbers\nACC-\\d{6}\n\\#tag\n[broken\n", StandardCharsets.UTF_8);

    AgentConfig config = config(Map.of("LANGFUSE_MASK_PATTERNS_FILE", file.toString()));

    assertThat(config.maskPatterns()).extracting(MaskPattern::origin)
        .containsExactly("LANGFUSE_MASK_PATTERNS_FILE line 2", "LANGFUSE_MASK_PATTERNS_FILE line 3");
    assertThat(config.warnings()).hasSize(1);
    assertThat(config.warnings().get(0)).startsWith("LANGFUSE_MASK_PATTERNS_FILE line 4 is not");
  }

  @Test
  void missingPatternsFileWarns() {
    AgentConfig config =
        config(Map.of("LANGFUSE_MASK_PATTERNS_FILE", directory.resolve("absent.txt").toString()));

    assertThat(config.maskPatterns()).isEmpty();
    assertThat(config.warnings()).hasSize(1);
    assertThat(config.warnings().get(0)).contains("cannot be read (NoSuchFileException)");
  }

  @Test
  void builtinPatternsFollowUserPatterns() {
    AgentConfig config =
        config(Map.of("LANGFUSE_MASK_PATTERNS", "x+", "LANGFUSE_MASK_BUILTIN", "true"));

    assertThat(config.maskPatterns()).hasSize(1 + MaskPatterns.builtin().size());
    assertThat(config.maskPatterns().get(0).origin()).isEqualTo("LANGFUSE_MASK_PATTERNS line 1");
  }

  @Test
  void maxFieldBytesHasBounds() {
    assertThat(config(Map.of("LANGFUSE_AGENT_MAX_FIELD_BYTES", "4096")).maxFieldBytes()).isEqualTo(4096);
    AgentConfig tooSmall = config(Map.of("LANGFUSE_AGENT_MAX_FIELD_BYTES", "10"));
    assertThat(tooSmall.maxFieldBytes()).isEqualTo(1024 * 1024);
    assertThat(tooSmall.warnings()).hasSize(1);
  }

  @Test
  void mdcKeysAreConfigurable() {
    AgentConfig config =
        config(Map.of("LANGFUSE_MDC_USER_ID_KEY", "uid", "LANGFUSE_MDC_SESSION_ID_KEY", "conversation"));

    assertThat(config.mdcUserIdKey()).isEqualTo("uid");
    assertThat(config.mdcSessionIdKey()).isEqualTo("conversation");
  }

  private static AgentConfig config(Map<String, String> settings) {
    Map<String, String> values = new HashMap<>(settings);
    values.put("LANGFUSE_PUBLIC_KEY", "pk-lf-test");
    values.put("LANGFUSE_SECRET_KEY", "sk-lf-test");
    return AgentConfig.fromMap(values);
  }
}
