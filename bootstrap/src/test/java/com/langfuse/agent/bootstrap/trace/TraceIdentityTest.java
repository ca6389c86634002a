package com.langfuse.agent.bootstrap.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceIdentityTest {

  @Test
  void normalizeTrimsValue() {
    assertThat(TraceIdentity.normalize("  user-1 \t")).isEqualTo("user-1");
  }

  @Test
  void normalizeTurnsBlankIntoNull() {
    assertThat(TraceIdentity.normalize(null)).isNull();
    assertThat(TraceIdentity.normalize("")).isNull();
    assertThat(TraceIdentity.normalize("   ")).isNull();
  }

  @Test
  void normalizeCapsLongValue() {
    String value = "u".repeat(TraceIdentity.MAX_ID_CHARS + 50);

    assertThat(TraceIdentity.normalize(value)).isEqualTo("u".repeat(TraceIdentity.MAX_ID_CHARS));
  }

  @Test
  void normalizeKeepsSurrogatePairWhole() {
    // U+1F600 is two chars; the pair straddles the cap and is left out as a whole.
    String value = "u".repeat(TraceIdentity.MAX_ID_CHARS - 1) + "\uD83D\uDE00" + "tail";

    String normalized = TraceIdentity.normalize(value);

    assertThat(normalized).hasSize(TraceIdentity.MAX_ID_CHARS - 1);
    assertThat(Character.isHighSurrogate(normalized.charAt(normalized.length() - 1))).isFalse();
  }

  @Test
  void setIfAbsentKeepsExistingValue() {
    SpanData span = span("b7ad6b7169203331", null);
    span.setAttribute(LangfuseAttributes.USER_ID, "from-mdc");

    TraceIdentity.setIfAbsent(span, "from-header", "session-from-header");

    assertThat(span.attribute(LangfuseAttributes.USER_ID)).isEqualTo("from-mdc");
    assertThat(span.attribute(LangfuseAttributes.SESSION_ID)).isEqualTo("session-from-header");
  }

  @Test
  void setIfAbsentIgnoresBlankValues() {
    SpanData span = span("b7ad6b7169203331", null);

    TraceIdentity.setIfAbsent(span, " ", null);

    assertThat(span.attributeCount()).isZero();
  }

  @Test
  void inheritCopiesParentIds() {
    SpanData parent = span("b7ad6b7169203331", null);
    parent.setAttribute(LangfuseAttributes.USER_ID, "user-1");
    parent.setAttribute(LangfuseAttributes.SESSION_ID, "session-1");
    SpanData child = span("00f067aa0ba902b7", parent.spanId());
    child.setAttribute(LangfuseAttributes.SESSION_ID, "own-session");

    TraceIdentity.inherit(child, parent);

    assertThat(child.attribute(LangfuseAttributes.USER_ID)).isEqualTo("user-1");
    assertThat(child.attribute(LangfuseAttributes.SESSION_ID)).isEqualTo("own-session");
  }

  private static SpanData span(String spanId, String parentSpanId) {
    return SpanData.forTest("0af7651916cd43dd8448eb211c80319c", spanId, parentSpanId, "chat", 1);
  }
}
