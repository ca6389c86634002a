package com.langfuse.agent.instrumentation.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.langfuse.agent.bootstrap.bridge.CallDepth;
import com.langfuse.agent.bootstrap.bridge.RequestBodies;
import com.langfuse.agent.bootstrap.trace.ContentCapture;
import com.langfuse.agent.bootstrap.trace.LangfuseAttributes;
import com.langfuse.agent.bootstrap.trace.SpanData;
import com.langfuse.agent.bootstrap.trace.TraceSampler;
import com.langfuse.agent.bootstrap.trace.Tracer;
import com.openai.core.http.HttpRequestBody;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Checks reading the JSON the SDK sent: when it is used, when the exporter falls back to
 * serializing the fields, and that the SDK's request builder hands the body to a traced call.
 */
class SentRequestJsonTest {

  private static final ChatCompletionCreateParams.Body BODY =
      ChatCompletionCreateParams.builder()
          .model(ChatModel.GPT_4O_MINI)
          .addUserMessage("robot \uD83E\uDD16 lone \uDC00 quote \" backslash \\")
          .temperature(0.5)
          .build()
          ._body();

  @Test
  void surrogateEscapesBecomeChars() {
    String json = "[\"a\\uD83E\\uDD16b\",\"\\udc00\"]";

    assertThat(SentRequestJson.unescapeSurrogates(json))
        .isEqualTo("[\"a\uD83E\uDD16b\",\"\uDC00\"]");
  }

  @Test
  void otherEscapesStayEscaped() {
    String json = "[\"\\u0000\\n\\\"\\u00e9\\\\\"]";

    assertThat(SentRequestJson.unescapeSurrogates(json)).isEqualTo(json);
  }

  @Test
  void escapedBackslashBeforeUStaysText() {
    // The text is a backslash followed by "uD83D", not an escape.
    String json = "[\"\\\\uD83D\"]";

    assertThat(SentRequestJson.unescapeSurrogates(json)).isEqualTo(json);
  }

  @Test
  void textWithoutBackslashIsSameInstance() {
    String json = "{\"a\":\"plain\"}";

    assertThat(SentRequestJson.unescapeSurrogates(json)).isSameAs(json);
  }

  @Test
  void sentTextEqualsSerializedBody() {
    String text = SentRequestJson.text(ChatJsonTextTest.SERVICE, SentBodies.json(BODY));

    // An SDK without a shared mapper (openai-java 4.0.0) is never read.
    assertThat(text).isEqualTo(SentRequestJson.sdkSharesMapper() ? Json.serialize(BODY) : null);
  }

  @Test
  void clientWithOwnMapperFallsBack() {
    ChatRequestJson json = new ChatRequestJson(BODY, SentBodies.serviceWithOwnMapper());
    json.onRequestBody(SentBodies.json(BODY));

    assertThat(json.members().present("messages")).isNotNull();
    assertThat(json.fromSentBody()).isFalse();
  }

  @Test
  void serviceWithoutClientOptionsFallsBack() {
    assertThat(SentRequestJson.text(new Object(), SentBodies.json(BODY))).isNull();
  }

  @Test
  void bodyNotJsonIsNotRead() {
    FakeBody form = new FakeBody("a=1", "application/x-www-form-urlencoded", true);

    assertThat(SentRequestJson.text(ChatJsonTextTest.SERVICE, form)).isNull();
    assertThat(form.written).isFalse();
  }

  @Test
  void bodyNotRepeatableIsNotRead() {
    FakeBody stream = new FakeBody("{\"messages\":[]}", "application/json", false);

    assertThat(SentRequestJson.text(ChatJsonTextTest.SERVICE, stream)).isNull();
    assertThat(stream.written).isFalse();
  }

  @Test
  void sentBodyWithoutMessagesFallsBack() {
    ChatRequestJson json = new ChatRequestJson(BODY, ChatJsonTextTest.SERVICE);
    json.onRequestBody(new FakeBody("{\"model\":\"x\"}", "application/json", true));

    assertThat(json.members().present("messages")).isNotNull();
    assertThat(json.fromSentBody()).isFalse();
  }

  @Test
  void sentBodyThatFailsFallsBack() {
    ChatRequestJson json = new ChatRequestJson(BODY, ChatJsonTextTest.SERVICE);
    json.onRequestBody(new FakeBody(null, "application/json", true));

    assertThat(json.members().present("messages")).isNotNull();
    assertThat(json.fromSentBody()).isFalse();
  }

  @Test
  void sentBodyCheckedFailureFallsBack() {
    ChatRequestJson json = new ChatRequestJson(BODY, ChatJsonTextTest.SERVICE);
    // Kotlin bodies, such as the SDK's, may throw an IOException that writeTo does not declare.
    json.onRequestBody(new CheckedFailureBody());

    assertThat(json.members().present("messages")).isNotNull();
    assertThat(json.fromSentBody()).isFalse();
  }

  @Test
  void nonJsonSentBodyFallsBack() {
    ChatRequestJson json = new ChatRequestJson(BODY, ChatJsonTextTest.SERVICE);
    json.onRequestBody(new FakeBody("{\"messages\":[", "application/json", true));

    assertThat(json.members().present("messages")).isNotNull();
    assertThat(json.fromSentBody()).isFalse();
  }

  @Test
  void requestBuilderHandsBodyToTracedCall() {
    TestAgent.install();
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder()
            .model(ChatModel.GPT_4O_MINI)
            .addUserMessage("hello")
            .build();
    AtomicReference<Object> received = new AtomicReference<>();

    CallDepth.increment();
    try {
      RequestBodies.listen(received::set);
      // The call fails on the closed port; the body is built before it is sent.
      ChatJsonTextTest.SERVICE.create(params);
    } catch (RuntimeException expected) {
      // The connection to the closed port is refused.
    } finally {
      CallDepth.decrement();
    }

    assertThat(received.get()).isInstanceOf(HttpRequestBody.class);
    assertThat(SentRequestJson.text(ChatJsonTextTest.SERVICE, received.get()))
        .isEqualTo(SentRequestJson.sdkSharesMapper() ? Json.serialize(params._body()) : null);
  }

  @Test
  void inputChargedTwiceToQueue() {
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder()
            .model(ChatModel.GPT_4O_MINI)
            .addUserMessage("x".repeat(100_000))
            .build();

    SpanData span = tracedCallWithSentBody(params, SentBodies.json(params._body()));

    long expected = (SentRequestJson.sdkSharesMapper() ? 2 : 1) * ChatSizes.input(params);
    assertThat(span.estimatedBytes()).isGreaterThanOrEqualTo(expected);
  }

  @Test
  void sentBodyChargedAtItsSize() {
    // An emoji is two chars, and Jackson's UTF-8 generator writes it as two six-byte escapes.
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder()
            .model(ChatModel.GPT_4O_MINI)
            .addUserMessage("\uD83D\uDE00".repeat(50_000))
            .build();
    HttpRequestBody sent = SentBodies.json(params._body());

    SpanData span = tracedCallWithSentBody(params, sent);

    long kept = SentRequestJson.sdkSharesMapper() ? sent.contentLength() : 0;
    assertThat(span.estimatedBytes()).isGreaterThanOrEqualTo(ChatSizes.input(params) + kept);
  }

  @Test
  void ownMapperBodyNotCharged() {
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder()
            .model(ChatModel.GPT_4O_MINI)
            .addUserMessage("x".repeat(100_000))
            .build();
    Object service = SentBodies.serviceWithOwnMapper();
    SpanData span;
    CallDepth.increment();
    try {
      span = ChatRequests.start(params, false, service);
      RequestBodies.built(SentBodies.json(params._body()));
    } finally {
      CallDepth.decrement();
    }

    // The exporter never reads the body of a client with its own mapper, so the span keeps none.
    assertThat(span.estimatedBytes()).isLessThan(2 * ChatSizes.input(params));
  }

  @Test
  void sentBodyNotKeptWithoutContentCapture() {
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder()
            .model(ChatModel.GPT_4O_MINI)
            .addUserMessage("x".repeat(100_000))
            .temperature(0.5)
            .build();
    FakeBody sent = new FakeBody(Json.serialize(params._body()), "application/json", true);
    ContentCapture.setEnabled(false);
    SpanData span;
    CallDepth.increment();
    try {
      span = ChatRequests.start(params, false, ChatJsonTextTest.SERVICE);
      RequestBodies.built(sent);
    } finally {
      CallDepth.decrement();
      ContentCapture.setEnabled(true);
    }

    span.resolveDeferred();

    // Without the input, the span is charged for the model parameters only, so it must not keep
    // the sent body, which is as large as the input.
    assertThat(span.estimatedBytes()).isLessThan(ChatSizes.input(params));
    assertThat(span.attribute(LangfuseAttributes.OBSERVATION_MODEL_PARAMETERS))
        .isEqualTo("{\"temperature\":0.5}");
    assertThat(sent.written).isFalse();
  }

  @Test
  void sentBodyNotKeptForUnsampledSpan() {
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder()
            .model(ChatModel.GPT_4O_MINI)
            .addUserMessage("unsampled")
            .build();
    FakeBody sent = new FakeBody(Json.serialize(params._body()), "application/json", true);
    Tracer.setSampler(new TraceSampler(0.0));
    SpanData span;
    try {
      span = tracedCallWithSentBody(params, sent);
    } finally {
      Tracer.setSampler(TraceSampler.ALWAYS);
    }

    // An unsampled span is never exported. Measuring the SDK's body makes the SDK serialize it,
    // which for the async client would be new work on the application thread.
    assertThat(span.isSampled()).isFalse();
    assertThat(sent.measured).isFalse();
  }

  /** Starts the span of a traced chat call, during which the SDK builds {@code sent}. */
  private static SpanData tracedCallWithSentBody(
      ChatCompletionCreateParams params, HttpRequestBody sent) {
    CallDepth.increment();
    try {
      SpanData span = ChatRequests.start(params, false, ChatJsonTextTest.SERVICE);
      RequestBodies.built(sent);
      return span;
    } finally {
      CallDepth.decrement();
    }
  }

  /** A JSON body whose writeTo throws an IOException without declaring it. */
  private static final class CheckedFailureBody implements HttpRequestBody {

    @Override
    public void writeTo(OutputStream out) {
      SentRequestJsonTest.<RuntimeException>throwUnchecked(new IOException("write failed"));
    }

    @Override
    public String contentType() {
      return "application/json";
    }

    @Override
    public long contentLength() {
      return 100;
    }

    @Override
    public boolean repeatable() {
      return true;
    }

    @Override
    public void close() {}
  }

  /** Throws {@code failure}, checked or not, from a method that declares no checked exception. */
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void throwUnchecked(Throwable failure) throws T {
    throw (T) failure;
  }

  /** A body with given text, content type and repeatability; null text fails on write. */
  private static final class FakeBody implements HttpRequestBody {
    private final String text;
    private final String contentType;
    private final boolean repeatable;
    boolean written;
    boolean measured;

    FakeBody(String text, String contentType, boolean repeatable) {
      this.text = text;
      this.contentType = contentType;
      this.repeatable = repeatable;
    }

    @Override
    public void writeTo(OutputStream out) {
      written = true;
      if (text == null) {
        throw new UncheckedIOException(new IOException("write failed"));
      }
      try {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String contentType() {
      return contentType;
    }

    @Override
    public long contentLength() {
      measured = true;
      // A size, so that the body is kept and its failure shows on the exporter thread.
      return text == null ? 0 : text.length();
    }

    @Override
    public boolean repeatable() {
      return repeatable;
    }

    @Override
    public void close() {}
  }
}
