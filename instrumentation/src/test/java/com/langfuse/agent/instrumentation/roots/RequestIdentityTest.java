package com.langfuse.agent.instrumentation.roots;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.TraceIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RequestIdentityTest {

  /** Request headers by lower-case name, looked up case-insensitively as servers do. */
  private static final Map<String, String> HEADERS =
      Map.of("x-user-id", "header-user", "x-session-id", "header-session");

  private final List<String> lookedUp = new ArrayList<>();
  private final Function<String, String> header =
      name -> {
        lookedUp.add(name);
        return HEADERS.get(name.toLowerCase(Locale.ROOT));
      };

  @Test
  void headersSetUserAndSession() {
    SpanData span = span();

    RequestIdentity.fromHeaders(span, header, "X-User-Id", "X-Session-Id");

    assertThat(span.attribute(LangfuseAttributes.USER_ID)).isEqualTo("header-user");
    assertThat(span.attribute(LangfuseAttributes.SESSION_ID)).isEqualTo("header-session");
  }

  @Test
  void mdcValueWinsOverHeader() {
    SpanData span = span();
    span.setAttribute(LangfuseAttributes.USER_ID, "mdc-user");

    RequestIdentity.fromHeaders(span, header, "X-User-Id", "X-Session-Id");

    assertThat(span.attribute(LangfuseAttributes.USER_ID)).isEqualTo("mdc-user");
    assertThat(span.attribute(LangfuseAttributes.SESSION_ID)).isEqualTo("header-session");
  }

  @Test
  void unconfiguredHeadersAreNotRead() {
    SpanData span = span();

    RequestIdentity.fromHeaders(span, header, null, null);

    assertThat(lookedUp).isEmpty();
    assertThat(span.attributeCount()).isZero();
  }

  @Test
  void onlyConfiguredHeaderIsRead() {
    SpanData span = span();

    RequestIdentity.fromHeaders(span, header, null, "X-Session-Id");

    assertThat(lookedUp).containsExactly("X-Session-Id");
    assertThat(span.attribute(LangfuseAttributes.USER_ID)).isNull();
  }

  @Test
  void longHeaderValueIsCapped() {
    SpanData span = span();
    String longValue = "u".repeat(5000);

    RequestIdentity.fromHeaders(span, name -> longValue, "X-User-Id", null);

    assertThat((String) span.attribute(LangfuseAttributes.USER_ID))
        .hasSize(TraceIdentity.MAX_ID_CHARS);
  }

  @Test
  void withoutAgentReadsNothing() {
    SpanData span = span();

    RequestIdentity.fromHeaders(span, header);

    assertThat(lookedUp).isEmpty();
  }

  private static SpanData span() {
    return SpanData.forTest(
        "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", null, "POST /chat", 1);
  }
}
