package com.langfuse.agent.bootstrap.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ContentSanitizerTest {

  private static final String INPUT = LangfuseAttributes.OBSERVATION_INPUT;
  private static final int LARGE = 1 << 20;

  private final ContentSanitizer builtin = new ContentSanitizer(MaskPatterns.builtin(), LARGE);

  @Test
  void builtinMasksApiKeys() {
    String masked =
        builtin.sanitize(
            INPUT,
            "keys: sk-proj-abcdefghijklmnopqrstuvwxyz012345 pk-lf-1234abcd-0000"
                + " sk-lf-1234abcd-5678-90ab-cdef-1234567890ab AKIAIOSFODNN7EXAMPLE"
                + " ghp_0123456789abcdefghijklmnopqrstuvwxyzAB");

    assertThat(masked).doesNotContain("sk-proj-abc");
    assertThat(masked).doesNotContain("pk-lf-1234");
    assertThat(masked).doesNotContain("sk-lf-1234");
    assertThat(masked).doesNotContain("AKIAIOSFODNN7EXAMPLE");
    assertThat(masked).doesNotContain("ghp_0123");
    assertThat(masked).isEqualTo("keys: [REDACTED] [REDACTED] [REDACTED] [REDACTED] [REDACTED]");
  }

  @Test
  void builtinMasksBearerAndEmail() {
    String masked =
        builtin.sanitize(
            INPUT, "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig, mail jane.doe+x@example.co.uk.");

    assertThat(masked).isEqualTo("Authorization: [REDACTED], mail [REDACTED].");
  }

  @Test
  void builtinLeavesOrdinaryTextAlone() {
    String text = "[{\"role\":\"user\",\"content\":\"Ask the task-runner about skills, AKIA is short\"}]";

    assertThat(builtin.sanitize(INPUT, text)).isEqualTo(text);
  }

  @Test
  void maskingSkipsOtherKeys() {
    String userId = "jane@example.com";

    assertThat(builtin.sanitize(LangfuseAttributes.USER_ID, userId)).isEqualTo(userId);
    assertThat(builtin.sanitize("langfuse.observation.metadata.owner", userId)).isEqualTo("[REDACTED]");
    assertThat(builtin.sanitize(LangfuseAttributes.OBSERVATION_STATUS_MESSAGE, "HTTP 400: bad " + userId))
        .isEqualTo("HTTP 400: bad [REDACTED]");
  }

  @Test
  void userPatternReplacesEveryMatch() {
    List<String> problems = new ArrayList<>();
    List<MaskPattern> patterns =
        MaskPatterns.parse("LANGFUSE_MASK_PATTERNS", "\\b\\d{4}-\\d{4}-\\d{4}-\\d{4}\\b\nACME-\\d+", problems);
    ContentSanitizer sanitizer = new ContentSanitizer(patterns, LARGE);

    String masked = sanitizer.sanitize(INPUT, "card 4111-1111-1111-1111, order ACME-42 and ACME-7");

    assertThat(problems).isEmpty();
    assertThat(masked).isEqualTo("card [REDACTED], order [REDACTED] and [REDACTED]");
  }

  @Test
  void runawayPatternRemovesWholeValue() {
    MaskPattern catastrophic = new MaskPattern(Pattern.compile("(.*a){12}b"), "LANGFUSE_MASK_PATTERNS line 1");
    ContentSanitizer sanitizer = new ContentSanitizer(List.of(catastrophic), LARGE);
    String value = "secret " + "a".repeat(30) + "c";

    String result = sanitizer.sanitize(INPUT, value);

    assertThat(result).doesNotContain("secret");
    assertThat(result).startsWith("[REDACTED: masking pattern LANGFUSE_MASK_PATTERNS line 1");
  }

  @Test
  void emailPatternStaysLinearOnLongRuns() {
    // The trailing @ makes the email pattern scan the run. Without the lookbehind, it would try
    // a match at each of the 200,000 positions, reading up to 64 characters each time.
    String run = "x".repeat(200_000) + "@";

    assertThat(builtin.sanitize(INPUT, run)).isEqualTo(run);
  }

  @Test
  void oversizedFieldIsTruncatedWithMarker() {
    ContentSanitizer sanitizer = new ContentSanitizer(List.of(), 2048);
    String value = "a".repeat(5000);

    String result = sanitizer.sanitize(INPUT, value);

    assertThat(result.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2048);
    assertThat(result).endsWith("...[truncated by langfuse-agent: 5000 bytes in total]");
    assertThat(result).startsWith("aaaa");
  }

  @Test
  void truncationCountsUtf8Bytes() {
    // Each euro sign is 3 bytes of UTF-8, so 1000 of them (3000 bytes) exceed a 2048-byte cap.
    String value = "\u20ac".repeat(1000);

    String result = ContentSanitizer.truncate(value, 2048);

    assertThat(result.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2048);
    assertThat(result).contains("3000 bytes in total");
  }

  @Test
  void truncationKeepsSurrogatePairsWhole() {
    String emoji = "\uD83D\uDE00";
    String value = emoji.repeat(1000);

    String result = ContentSanitizer.truncate(value, 1024);
    String kept = result.substring(0, result.indexOf("...[truncated"));

    assertThat(kept.length() % 2).isZero();
    assertThat(Character.isHighSurrogate(kept.charAt(kept.length() - 2))).isTrue();
    assertThat(result.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
  }

  @Test
  void fieldWithinCapIsUnchanged() {
    ContentSanitizer sanitizer = new ContentSanitizer(List.of(), 2048);
    String value = "b".repeat(2048);

    assertThat(sanitizer.sanitize(INPUT, value)).isSameAs(value);
  }

  @Test
  void dataUriReplacedBeforeSizeCap() {
    ContentSanitizer sanitizer = new ContentSanitizer(List.of(), 2048);
    String image = "data:image/png;base64," + "iVBORw0KGgo".repeat(1000) + "AA==";
    String value = "{\"type\":\"image_url\",\"url\":\"" + image + "\"}";

    String result = sanitizer.sanitize(INPUT, value);

    assertThat(result)
        .isEqualTo(
            "{\"type\":\"image_url\",\"url\":\"[base64 image/png, 8251 bytes, removed by"
                + " langfuse-agent]\"}");
  }

  @Test
  void secretSplitByCapIsStillMasked() {
    ContentSanitizer sanitizer = new ContentSanitizer(MaskPatterns.builtin(), 1024);
    String secret = "sk-proj-" + "Z".repeat(40);
    String value = "p".repeat(1024 - 60) + secret + "q".repeat(2000);

    String result = sanitizer.sanitize(INPUT, value);

    assertThat(result).doesNotContain("sk-proj-");
    assertThat(result).doesNotContain("ZZZZ");
  }
}
